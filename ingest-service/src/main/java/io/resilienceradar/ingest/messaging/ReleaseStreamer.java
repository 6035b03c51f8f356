package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.persistence.Spool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Semaphore;

/**
 * Sends a release while it is still being parsed, inside a Kafka transaction that commits only once the release is
 * valid and its row ACCEPTED, and is aborted otherwise: consumers reading with {@code isolation.level=read_committed}
 * (the topic's documented contract) never see a rejected release, and publishing overlaps parsing instead of
 * following it. The records are byte for byte those the relay would send from the spool.
 * <p>
 * One release at a time (a second concurrent upload is published by the relay after acceptance). The transactional
 * id is stable per instance: a restart's {@code initTransactions} aborts a transaction that a crash left open. Any
 * Kafka trouble only makes {@link Stream#commit} return false; the caller then leaves the release to the relay,
 * which re-publishes it whole from the spool.
 */
public final class ReleaseStreamer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReleaseStreamer.class);

    private final Properties config;
    private final String topic;
    private final Semaphore one = new Semaphore(1);
    private Producer<String, byte[]> producer; // created on first use, re-created after a failure

    public ReleaseStreamer(String bootstrap, String topic, String compression, String transactionalId, Duration timeout) {
        config = ReleasePublisher.producerConfig(bootstrap, compression, "ingest-release-streamer");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(timeout.toMillis()));
        this.topic = topic;
    }

    /** Begins a transaction and sends ReleaseOpened; null when another release is streaming or Kafka is unavailable. */
    public Stream open(ReleaseMetadata metadata) {
        if (!one.tryAcquire()) {
            return null;
        }
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(config);
                producer.initTransactions(); // fences and aborts what a previous instance with this id left open
            }
            producer.beginTransaction();
            Stream s = new Stream(metadata);
            s.send(EventTypes.RELEASE_OPENED, Json.write(new ReleaseOpened(metadata)));
            return s;
        } catch (RuntimeException e) {
            LOG.warnf("cannot stream %s, the relay will publish it: %s", metadata.releaseId(), e.getMessage());
            reset();
            one.release();
            return null;
        }
    }

    private void reset() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // closing a broken producer
            }
            producer = null;
        }
    }

    /** One release's open transaction. Frames may arrive on the staging thread; commit or abort on the opener's. */
    public final class Stream implements Spool.FrameListener {
        private final ReleaseMetadata metadata;
        private volatile Exception failure;
        private boolean ended;

        private Stream(ReleaseMetadata metadata) {
            this.metadata = metadata;
        }

        public ReleaseMetadata metadata() {
            return metadata;
        }

        @Override
        public void frame(int sequence, int observations, byte[] array, int length) {
            if (failure != null) {
                return; // the transaction will be aborted; staging goes on regardless
            }
            BatchJson.Envelope e = BatchJson.envelope(metadata.releaseId(), sequence, length);
            System.arraycopy(array, 0, e.value(), e.arrayOffset(), length);
            send(EventTypes.RELEASE_OBSERVATIONS, e.value());
        }

        private void send(String type, byte[] value) {
            try {
                producer.send(new ProducerRecord<>(topic, null, metadata.datasetId(), value,
                        ReleasePublisher.headers(type, metadata.releaseId())), (md, e) -> {
                    if (e != null && failure == null) {
                        failure = e;
                    }
                });
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Waits until what was sent so far is on the broker (still uncommitted); for tests. */
        void flush() {
            producer.flush();
        }

        /**
         * Sends ReleaseSealed and commits: true when Kafka committed the whole release. False (transaction aborted or
         * its outcome unknown) means the relay must publish it; a duplicate is dropped by consumers (release id).
         */
        public boolean commit(int batches, long observations, String checksum) {
            if (ended) {
                return false;
            }
            send(EventTypes.RELEASE_SEALED, Json.write(new ReleaseSealed(metadata.releaseId(), batches, observations, checksum)));
            if (failure != null) {
                abort();
                return false;
            }
            ended = true;
            try {
                producer.commitTransaction(); // waits until every record is acknowledged
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("committing %s failed, the relay will publish it: %s", metadata.releaseId(), e.getMessage());
                reset(); // a later initTransactions aborts the transaction if it is still open
                return false;
            } finally {
                one.release();
            }
        }

        /** Aborts (nothing of it becomes visible to read_committed consumers); no-op after commit or abort. */
        public void abort() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                LOG.warnf("aborting %s failed: %s", metadata.releaseId(), e.getMessage());
                reset();
            } finally {
                one.release();
            }
        }
    }

    @Override
    public void close() {
        reset();
    }
}
