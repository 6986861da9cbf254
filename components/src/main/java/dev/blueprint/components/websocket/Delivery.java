package dev.blueprint.components.websocket;

/**
 * What broadcasting one record did. {@code broadcastTo + disconnected + dropped} is the number of
 * connections the record was meant for.
 *
 * @param broadcastTo connections the frame was handed to
 * @param disconnected connections found closed while sending
 * @param dropped slow consumers skipped (and, with {@code slow_consumer: disconnect}, closed with 1008)
 */
record Delivery(int broadcastTo, int disconnected, int dropped) {
}
