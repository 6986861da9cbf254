package dev.blueprint.runtime.validate;

/**
 * One end of a binding as written: {@code from: a.output} or {@code from_component: a} with {@code from_stream}.
 *
 * @param component the component named
 * @param stream the stream named, or the default for that end ({@code output}, {@code input})
 * @param componentPointer where the component is named, for a problem with it
 * @param streamPointer where the stream is named (the component's place when the default was taken)
 */
record Endpoint(String component, String stream, String componentPointer, String streamPointer) {
    /** This end, with {@code other} as its stream. */
    Endpoint withStream(String other) {
        return new Endpoint(component, other, componentPointer, streamPointer);
    }

    /** {@code component.stream}. */
    String label() {
        return component + "." + stream;
    }
}
