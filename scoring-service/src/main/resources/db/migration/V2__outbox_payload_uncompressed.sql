-- Outbox payloads are stored out of line without pglz compression. A one-indicator release for every town writes
-- ~20 MB of JSON (1,371 profiles of ~12 KB and as many change events); compressing it on insert was half the time of
-- writing the outbox (measured in docs/benchmarks-scoring.md), and the rows are a relay queue, read once.
ALTER TABLE outbox ALTER COLUMN payload SET STORAGE EXTERNAL;
