package io.resilienceradar.query.webhooks;

/**
 * CDI event fired inside the transaction that wrote outbox rows; the dispatcher is woken after it commits.
 *
 * @param count rows written (a repeated event or subscription counts once)
 */
public record DeliveriesQueued(int count) {
}
