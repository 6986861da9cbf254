package dev.blueprint.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames waiting for one I/O thread. Broadcasting threads add (frame, connections) pairs; one task
 * on the thread writes everything that has gathered and flushes each connection once, so a burst of
 * broadcasts costs one task and one flush per connection rather than one per frame.
 */
final class LoopBatch {
    private record Item(Frame frame, List<NettyLink<?>> links) {
    }

    private final EventLoop loop;
    private final int compressionThreshold;
    private final Queue<Item> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<NettyLink<?>> toFlush = new ArrayList<>();

    LoopBatch(EventLoop loop, int compressionThreshold) {
        this.loop = loop;
        this.compressionThreshold = compressionThreshold;
    }

    /** Queues {@code frame} for {@code links} (all on this loop); the frame is retained until written. */
    void submit(Frame frame, List<NettyLink<?>> links) {
        frame.retain();
        items.add(new Item(frame, links));
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the server is closing: nothing can be written any more; release what waits
                Item item;
                while ((item = items.poll()) != null) {
                    item.frame().close();
                }
            }
        }
    }

    private void drain() {
        scheduled.set(false); // anything added from here on schedules another drain
        Item item;
        while ((item = items.poll()) != null) {
            write(item);
        }
        for (NettyLink<?> link : toFlush) {
            link.flushPending = false;
            link.channel.flush();
        }
        toFlush.clear();
    }

    private void write(Item item) {
        Frame frame = item.frame();
        int size = frame.size();
        try {
            for (NettyLink<?> link : item.links()) {
                Channel ch = link.channel;
                if (ch.isActive()) {
                    // a small message goes uncompressed even to a compressing client (RSV1 unset), so it can share the bytes
                    ch.write(link.compressed && frame.payloadSize() >= compressionThreshold ? frame.retainedFrame() : frame.retainedBytes(), ch.voidPromise());
                    if (!link.flushPending) {
                        link.flushPending = true;
                        toFlush.add(link);
                    }
                }
                link.inTransit.addAndGet(-size);
            }
        } finally {
            frame.close();
        }
    }
}
