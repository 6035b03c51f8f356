-- A deferred row holds a TownProfile without its characteristics (a few hundred bytes instead of ~12 KB): the relay
-- fills them in from the engine after the commit, so the applying transaction no longer writes ~16 MB of profiles
-- per release for every town. Why that is safe: docs/scoring-service.md, "Deferred profiles".
ALTER TABLE outbox ADD COLUMN deferred BOOLEAN NOT NULL DEFAULT FALSE;
