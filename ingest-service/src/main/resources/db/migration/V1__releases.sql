-- A release's own record. ACCEPTED = validated content staged in the spool file whose checksum is in this row;
-- the relay publishes it and marks it PUBLISHED. REJECTED rows keep the validation report.
create table release (
    id            text primary key,
    dataset_id    text        not null,
    edition       text        not null,
    version       integer     not null,
    status        text        not null,
    format        text,
    metadata      text        not null,
    checksum      text,
    observations  bigint,
    batches       integer,
    spool_path    text,
    report        text,
    origin        text,
    received_at   timestamptz not null,
    accepted_at   timestamptz,
    published_at  timestamptz
);
create index release_dataset on release (dataset_id, edition, version);
create index release_unpublished on release (status) where status = 'ACCEPTED';

-- The area register: codes of accepted register and lookup releases.
create table register_area (
    code        text primary key,
    release_id  text not null
);

-- The indicator catalogue: ids (with declared ranges) of accepted releases, bundled releases and CSV-W metadata.
create table catalogue_indicator (
    id          text primary key,
    minimum     double precision,
    maximum     double precision,
    release_id  text
);

-- Watcher state per configured feed: survives restarts.
create table watch_feed (
    name            text primary key,
    etag            text,
    last_modified   text,
    last_checked    timestamptz,
    last_success    timestamptz,
    last_version    integer,
    last_error      text,
    failures        integer not null default 0,
    next_due        timestamptz
);
