-- Releases being assembled: kept in the database so that a restart mid-release loses nothing.
CREATE TABLE staged_release (
    release_id  TEXT PRIMARY KEY,
    metadata    TEXT        NOT NULL,   -- ReleaseMetadata JSON
    opened_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE staged_batch (
    release_id   TEXT    NOT NULL,
    sequence     INT     NOT NULL,
    observations TEXT    NOT NULL,      -- JSON array of Observation, as received
    PRIMARY KEY (release_id, sequence)
);

-- Everything the engine has applied, in applied order: releases and rulebook switches.
-- Replaying it in seq order rebuilds the in-memory engine; release_id UNIQUE makes a release apply once.
CREATE TABLE applied_log (
    seq           BIGSERIAL PRIMARY KEY,
    kind          TEXT        NOT NULL CHECK (kind IN ('release', 'rulebook')),
    release_id    TEXT UNIQUE,          -- kind = release
    rulebook      TEXT,                 -- kind = rulebook: the version switched to
    metadata      TEXT,                 -- ReleaseMetadata JSON (kind = release)
    observations  BIGINT      NOT NULL DEFAULT 0,
    checksum      TEXT,
    ignored       BOOLEAN     NOT NULL DEFAULT FALSE,  -- an older version than one already applied
    changes       INT         NOT NULL DEFAULT 0,
    applied_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Observations with their release provenance.
CREATE TABLE observation (
    release_seq BIGINT NOT NULL REFERENCES applied_log (seq),
    ordinal     INT    NOT NULL,
    indicator   TEXT   NOT NULL,
    area_code   TEXT   NOT NULL,
    period      TEXT,
    value       DOUBLE PRECISION,
    status      TEXT,
    text        TEXT,
    PRIMARY KEY (release_seq, ordinal)
);
CREATE INDEX observation_area ON observation (area_code, indicator);

-- The rulebook version in force (one row).
CREATE TABLE rulebook_state (
    id         INT PRIMARY KEY CHECK (id = 1),
    version    TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Revision of each town's published profile: +1 per published change.
CREATE TABLE town_revision (
    town_code TEXT PRIMARY KEY,
    revision  BIGINT NOT NULL
);

-- Transactional outbox: written in the transaction that applies a release, relayed to Kafka in id order.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    topic      TEXT        NOT NULL,
    msg_key    TEXT        NOT NULL,
    ce_id      TEXT        NOT NULL,
    ce_type    TEXT        NOT NULL,
    ce_subject TEXT,
    ce_time    TIMESTAMPTZ NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at    TIMESTAMPTZ
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
