-- A release for every town changed 1,371 (town, characteristic) states: 1,371 change-event rows and 1,371 profile-stub
-- rows, each written by the applying transaction and each rewritten again by the relay's UPDATE of sent_at (79 ms a
-- release for the marks alone, docs/benchmarks-scoring.md). A bundle row holds up to a few hundred consecutive
-- events of one topic and kind (OutboxBundle: key, CloudEvent id, subject and payload of each, in order); the
-- relays expand it into the same Kafka records as before and mark the one row. Single rows (rulebooks, and rows
-- written before this migration) keep their payload and have entries = 1.
ALTER TABLE outbox ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN entries INT NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN bundle BYTEA;
-- uncompressed and out of line, like payload (V2): pglz on the insert path cost more than it saved
ALTER TABLE outbox ALTER COLUMN bundle SET STORAGE EXTERNAL;
ALTER TABLE outbox ADD CONSTRAINT outbox_payload_or_bundle CHECK ((payload IS NULL) <> (bundle IS NULL));
