package io.resilienceradar.query.webhooks;

import java.util.List;

/**
 * CDI event fired inside the transaction that wrote outbox rows; the dispatcher sends them after it commits.
 *
 * @param leased the rows written (a repeated event or subscription is not among them), leased to this instance
 */
public record DeliveriesQueued(List<DeliveryStore.Claimed> leased) {
}
