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

    /** Queues the rows on the producer, in order; their acks and ids are added to {@code acks} and {@code ids}. */
    static void send(RadarProducer producer, List<OutboxStore.Row> rows, List<Future<RecordMetadata>> acks,
                     List<Long> ids) {
        for (OutboxStore.Row row : rows) {
            acks.add(producer.send(new ProducerRecord<>(row.topic(), null, row.key(), row.payload(),
                    CloudEventHeaders.of(row.ceId(), EventTypes.SOURCE_SCORING, row.ceType(), row.ceSubject(),
                            row.ceTime()))));
            ids.add(row.id());
        }
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
