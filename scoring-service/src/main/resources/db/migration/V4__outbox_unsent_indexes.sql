-- The relay asks for the oldest unsent events and, separately, the oldest unsent deferred profiles. With one partial
-- index on unsent ids and the kind as a parameter, PostgreSQL's generic plan scanned the whole outbox (~96 ms a relay
-- pass once it held a few hundred thousand rows, measured by ReleaseLatencyBenchmark). One partial index per kind,
-- matched by a literal predicate, keeps each lookup to the handful of unsent rows.
DROP INDEX IF EXISTS outbox_unsent;
CREATE INDEX outbox_unsent_events ON outbox (id) WHERE sent_at IS NULL AND NOT deferred;
CREATE INDEX outbox_unsent_profiles ON outbox (id) WHERE sent_at IS NULL AND deferred;
