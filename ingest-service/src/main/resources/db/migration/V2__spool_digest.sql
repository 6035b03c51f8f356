-- The spool now holds each batch's serialised observations; its CRC32C, recorded when the release is accepted, is
-- re-checked by the relay before it seals. Rows accepted before this column existed have no digest: their spool is in
-- the first layout, which the relay refuses (FAILED, post again).
alter table release add column spool_digest bigint;
alter table release add column staged_batches integer;
