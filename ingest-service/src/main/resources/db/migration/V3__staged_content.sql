-- A small release's staged content is kept in its row (spool_path null) until it is published, so that the
-- acceptance's commit alone makes it durable (no separate fsync of a spool file); larger releases keep a spool file.
alter table release add column staged_content bytea;
