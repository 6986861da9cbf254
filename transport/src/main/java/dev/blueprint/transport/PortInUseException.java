package dev.blueprint.transport;

import java.io.IOException;

/** Another process (or another listener of this one) already listens on the port asked for. */
public final class PortInUseException extends IOException {
    private final int port;

    PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " is already in use by another process (binding " + host + ":" + port + ")", cause);
        this.port = port;
    }

    /** The port asked for. */
    public int port() {
        return port;
    }
}
