-- Materialised read model of scoring-service's events, plus the webhook subscriptions and their outbox.

-- Latest profile per town (only ever replaced by a higher revision).
CREATE TABLE town_profile (
    town_code        VARCHAR(16) PRIMARY KEY,
    town_name        VARCHAR(200) NOT NULL,
    region           VARCHAR(100),
    country          VARCHAR(50),
    size_class       VARCHAR(50),
    coastal          BOOLEAN NOT NULL DEFAULT FALSE,
    revision         BIGINT NOT NULL,
    rulebook_version VARCHAR(50),
    computed_at      TIMESTAMPTZ,
    body             JSONB NOT NULL
);
CREATE INDEX town_profile_name ON town_profile (lower(town_name));

-- One row per (town, characteristic) of the latest profile: filters and member counts.
CREATE TABLE town_membership (
    town_code         VARCHAR(16) NOT NULL REFERENCES town_profile (town_code) ON DELETE CASCADE,
    characteristic_id VARCHAR(64) NOT NULL,
    letter            VARCHAR(4),
    membership        VARCHAR(24) NOT NULL,
    criteria_met      INT NOT NULL,
    PRIMARY KEY (town_code, characteristic_id)
);
CREATE INDEX town_membership_char ON town_membership (characteristic_id, membership);
CREATE INDEX town_membership_letter ON town_membership (letter, membership);

-- Every profile revision ever seen: time travel by instant or by release.
CREATE TABLE profile_snapshot (
    town_code   VARCHAR(16) NOT NULL,
    revision    BIGINT NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    caused_by   JSONB NOT NULL,
    body        JSONB NOT NULL,
    PRIMARY KEY (town_code, revision)
);
CREATE INDEX profile_snapshot_time ON profile_snapshot (town_code, computed_at);
CREATE INDEX profile_snapshot_caused_by ON profile_snapshot USING GIN (caused_by);

-- Every transition, idempotent by the event id (== CloudEvent id).
CREATE TABLE characteristic_change (
    seq               BIGSERIAL UNIQUE,
    event_id          VARCHAR(200) PRIMARY KEY,
    town_code         VARCHAR(16) NOT NULL,
    town_name         VARCHAR(200),
    region            VARCHAR(100),
    characteristic_id VARCHAR(64) NOT NULL,
    letter            VARCHAR(4),
    transition        VARCHAR(32) NOT NULL,
    previous          VARCHAR(24),
    current           VARCHAR(24),
    profile_revision  BIGINT NOT NULL,
    rulebook_version  VARCHAR(50),
    occurred_at       TIMESTAMPTZ NOT NULL,
    body              JSONB NOT NULL
);
CREATE INDEX characteristic_change_town ON characteristic_change (town_code, seq);
CREATE INDEX characteristic_change_time ON characteristic_change (occurred_at DESC);

-- Rulebooks as published; the one with the latest published_at is in force.
CREATE TABLE rulebook (
    version      VARCHAR(50) PRIMARY KEY,
    published_at TIMESTAMPTZ NOT NULL,
    body         JSONB NOT NULL
);

CREATE TABLE subscription (
    id                   UUID PRIMARY KEY,
    owner                VARCHAR(200) NOT NULL,
    callback_url         VARCHAR(2000) NOT NULL,
    secret               VARCHAR(200) NOT NULL,
    filter               JSONB NOT NULL,
    description          VARCHAR(500),
    status               VARCHAR(16) NOT NULL,
    disabled_reason      VARCHAR(500),
    consecutive_failures INT NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX subscription_owner ON subscription (owner);
CREATE UNIQUE INDEX subscription_owner_url_filter ON subscription (owner, callback_url, md5(filter::text));

-- The outbox: one row per (subscription, change), written in the change's transaction. id is the webhook-id.
CREATE TABLE delivery (
    id               VARCHAR(64) PRIMARY KEY,
    subscription_id  UUID NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    event_id         VARCHAR(200) NOT NULL,
    payload          TEXT NOT NULL,
    status           VARCHAR(16) NOT NULL,
    attempts         INT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_status_code INT,
    last_error       VARCHAR(500),
    last_latency_ms  BIGINT,
    created_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';

CREATE TABLE delivery_attempt (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  VARCHAR(64) NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt      INT NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code  INT,
    latency_ms   BIGINT NOT NULL,
    error        VARCHAR(500)
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, attempt);
