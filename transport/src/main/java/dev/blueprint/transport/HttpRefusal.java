package dev.blueprint.transport;

/**
 * An endpoint's refusal of a request on its headers alone: the reply sent at once (the connection is then
 * closed, its body never read), and the reason it is counted under.
 *
 * @param violation the reason, the label of the refusal counters
 * @param detail what was wrong, for the log
 * @param reply the response
 */
public record HttpRefusal(Violation violation, String detail, HttpReply reply) {
}
