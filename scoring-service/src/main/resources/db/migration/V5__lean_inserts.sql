-- A change event is ~1.9 KB of JSON, and with the outbox's other columns its row is just above the ~2 KB toast
-- threshold: with STORAGE EXTERNAL (V2) each one was moved out of line, one more heap row and one more index entry
-- in the toast table per event. Up to a page, rows now stay inline (uncompressed); larger payloads (rulebooks) are
-- still moved out of line.
ALTER TABLE outbox SET (toast_tuple_target = 8160);
-- No query reads observations by area (the engine replays them by release_seq, the primary key's prefix): the index
-- only cost every release's COPY an extra btree insert per row.
DROP INDEX IF EXISTS observation_area;
-- The foreign key from observations to their applied-log entry made PostgreSQL run a lookup of applied_log per
-- inserted row (1,371 per one-indicator release, ~14,000 per census release). Provenance holds by construction: the
-- one writer (ObservationStore) inserts a release's observations with the seq the same transaction just took for its
-- applied-log entry, and rebuild deletes both together.
ALTER TABLE observation DROP CONSTRAINT IF EXISTS observation_release_seq_fkey;
