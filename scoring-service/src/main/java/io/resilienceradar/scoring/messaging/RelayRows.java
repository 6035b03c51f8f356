package io.resilienceradar.scoring.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.scoring.persistence.CommittedOutboxRows;
import io.resilienceradar.scoring.persistence.OutboxStore;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What both relays do with outbox rows: read them (memory first), send them, wait for the broker's acks. */
final class RelayRows {
    private RelayRows() {
    }

    /** The rows of these ids in id order: from memory when this replica committed them, else from the table. */
    static List<OutboxStore.Row> read(Connection c, OutboxStore outbox, CommittedOutboxRows cache, List<Long> ids) {
        List<Long> missing = new ArrayList<>();
        List<OutboxStore.Row> rows = new ArrayList<>(cache.get(ids, missing));
        if (!missing.isEmpty()) {
            rows.addAll(outbox.byIds(c, missing));
            rows.sort(Comparator.comparingLong(OutboxStore.Row::id));
        }
        return rows;
    }

    /** The events the rows stand for, in order (a bundle row's entries, a single row itself). */
    static List<OutboxStore.Row> events(List<OutboxStore.Row> rows) {
        List<OutboxStore.Row> events = new ArrayList<>();
        rows.forEach(r -> events.addAll(r.events()));
        return events;
    }

    /** Queues the events on the producer, in order; their acks are added to {@code acks}. */
    static void send(RadarProducer producer, List<OutboxStore.Row> events, List<Future<RecordMetadata>> acks) {
        for (OutboxStore.Row e : events) {
            acks.add(producer.send(new ProducerRecord<>(e.topic(), null, e.key(), e.payload(),
                    CloudEventHeaders.of(e.ceId(), EventTypes.SOURCE_SCORING, e.ceType(), e.ceSubject(),
                            e.ceTime()))));
        }
    }

    static List<Long> ids(List<OutboxStore.Row> rows) {
        return rows.stream().map(OutboxStore.Row::id).toList();
    }

    /** Flushes and waits for every ack; throws if one fails, so that nothing is marked and all is resent. */
    static void awaitAcks(RadarProducer producer, List<Future<RecordMetadata>> acks)
            throws InterruptedException, ExecutionException, TimeoutException {
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }
}
