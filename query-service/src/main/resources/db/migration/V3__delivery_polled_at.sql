-- When the alerts consumer's poll returned the change a delivery is for: splits "Kafka -> consumed" into the
-- broker/fetch side (Kafka timestamp -> polled) and query-service's own queueing (polled -> consumed).
ALTER TABLE delivery ADD COLUMN polled_at TIMESTAMPTZ;
