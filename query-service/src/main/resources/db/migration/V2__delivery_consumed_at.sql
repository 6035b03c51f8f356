-- When the Kafka consumer handed query-service the change a delivery is for: with created_at (outbox row written)
-- and the first attempt's attempted_at (sent), it splits a webhook's latency inside query-service.
ALTER TABLE delivery ADD COLUMN consumed_at TIMESTAMPTZ;
