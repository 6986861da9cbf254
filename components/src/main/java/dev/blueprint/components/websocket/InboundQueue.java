package dev.blueprint.components.websocket;

import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries what clients send and do from the I/O threads to the pipeline. Emitting may block (a full
 * {@code messages} binding with {@code overflow: block}), and an I/O thread serves many connections, so
 * the I/O threads only queue here and one thread emits, in order per connection. A connection with more
 * than its share waiting (messages or bytes), or any connection while the total is over its bound, stops
 * being read until its messages drain: backpressure reaches the client through TCP, and the memory held
 * stays bounded.
 */
final class InboundQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundQueue.class);
    static final int MAX_MESSAGES_PER_CONNECTION = 64;
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

    private sealed interface Event permits Connected, Text, Binary, Disconnected, Subscription {
        Connection connection();
    }

    private record Connected(Connection connection) implements Event {
    }

    /** A text message; {@code limited} when it came over max_message_rate and is to be answered, not served. */
    private record Text(Connection connection, String text, long bytes, boolean limited) implements Event {
    }

    private record Binary(Connection connection, byte[] data, boolean limited) implements Event {
    }

    private record Disconnected(Connection connection, int code, String reason) implements Event {
    }

    /** A channel subscription begun ({@code subscribed}) or ended. */
    private record Subscription(Connection connection, String channel, boolean subscribed, long offset) implements Event {
    }

    private static final Event POISON = new Connected(null);

    private final ClientEvents events;
    private final long maxBytesPerConnection;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final Queue<Connection> paused = new ConcurrentLinkedQueue<>();
    private final Thread pump;

    InboundQueue(String name, ClientEvents events, long maxMessageSize) {
        this.events = events;
        this.maxBytesPerConnection = Math.max(maxMessageSize, 64 * 1024);
        this.pump = new Thread(this::pump, "blueprint-" + name + "-messages");
        pump.setDaemon(true);
        pump.start();
    }

    void connected(Connection c) {
        queue.add(new Connected(c));
    }

    void disconnected(Connection c, int code, String reason) {
        queue.add(new Disconnected(c, code, reason));
    }

    void subscription(Connection c, String channel, boolean subscribed, long offset) {
        queue.add(new Subscription(c, channel, subscribed, offset));
    }

    void text(Connection c, String text, boolean limited) {
        long bytes = ClientEvents.utf8Length(text);
        account(c, bytes);
        queue.add(new Text(c, text, bytes, limited));
    }

    void binary(Connection c, byte[] data, boolean limited) {
        account(c, data.length);
        queue.add(new Binary(c, data, limited));
    }

    /** Counts a message in; pauses reading from its client when it, or everyone together, has too much waiting. */
    private void account(Connection c, long bytes) {
        int n = c.inboundMessages.incrementAndGet();
        long mine = c.inboundBytes.addAndGet(bytes);
        long total = totalBytes.addAndGet(bytes);
        if (!c.readingPaused && (n > MAX_MESSAGES_PER_CONNECTION || mine > maxBytesPerConnection || total > MAX_TOTAL_BYTES)) {
            c.readingPaused = true;
            c.link.pauseReading();
            paused.add(c);
        }
    }

    private void pump() {
        try {
            while (true) {
                Event e = queue.take();
                if (e == POISON) {
                    return;
                }
                deliver(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Event e) {
        Connection c = e.connection();
        try {
            if (e instanceof Text t) {
                events.onText(c, t.text(), t.bytes(), t.limited());
            } else if (e instanceof Binary b) {
                events.onBinary(c, b.data(), b.limited());
            } else if (e instanceof Disconnected d) {
                events.onDisconnected(c, d.code(), d.reason());
            } else if (e instanceof Subscription s) {
                events.onSubscription(c, s.channel(), s.subscribed(), s.offset());
            } else {
                events.onConnected(c);
            }
        } catch (RuntimeException ex) {
            log.warn("{} - could not emit what {} sent: {}", events.name(), c, ex.toString());
        } finally {
            if (e instanceof Text t) {
                drained(c, t.bytes());
            } else if (e instanceof Binary b) {
                drained(c, b.data().length);
            }
        }
    }

    private void drained(Connection c, long bytes) {
        int n = c.inboundMessages.decrementAndGet();
        long mine = c.inboundBytes.addAndGet(-bytes);
        long total = totalBytes.addAndGet(-bytes);
        if (total > MAX_TOTAL_BYTES / 2 || paused.isEmpty()) {
            return;
        }
        if (c.readingPaused && n <= MAX_MESSAGES_PER_CONNECTION / 2 && mine <= maxBytesPerConnection / 2) {
            resume(c);
        }
        if (n == 0) { // a quiet moment: look for others paused only by the total
            for (Connection other : paused) {
                if (other.inboundMessages.get() <= MAX_MESSAGES_PER_CONNECTION / 2 && other.inboundBytes.get() <= maxBytesPerConnection / 2) {
                    resume(other);
                }
            }
        }
    }

    private void resume(Connection c) {
        if (paused.remove(c)) {
            c.readingPaused = false;
            c.link.resumeReading();
        }
    }

    /** Emits what is queued (waiting at most 2 s), then stops the pump. */
    @Override
    public void close() throws InterruptedException {
        queue.add(POISON);
        pump.join(2000);
        if (pump.isAlive()) {
            pump.interrupt();
        }
    }
}
