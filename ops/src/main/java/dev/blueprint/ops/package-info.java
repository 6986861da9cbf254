/**
 * The ops server of a run ({@code blueprint run --http}): {@code /health}, {@code /ready}, {@code /metrics} and the
 * live pipeline page for any pipeline, WebSocket component or not. Not a component type: the CLI starts it beside the
 * pipeline. It lives here because it serves over the same Netty HTTP stack as the WebSocket component.
 */
package dev.blueprint.ops;
