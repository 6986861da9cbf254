package dev.blueprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The hand-written baseline: four threads (source, filter, transformer, sink) over three
 * ArrayBlockingQueues, passing the same record object along, with an end marker.
 */
final class QueueBaseline {
    private static final Object END = new Object();

    private QueueBaseline() {
    }

    static long run(JsonNode sample, int records, int capacity) throws InterruptedException {
        BlockingQueue<Object> q1 = new ArrayBlockingQueue<>(capacity);
        BlockingQueue<Object> q2 = new ArrayBlockingQueue<>(capacity);
        BlockingQueue<Object> q3 = new ArrayBlockingQueue<>(capacity);
        long[] seen = new long[1];
        Thread source = new Thread(() -> {
            try {
                for (int i = 0; i < records; i++) {
                    q1.put(sample);
                }
                q1.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread filter = relay(q1, q2);
        Thread transformer = relay(q2, q3);
        Thread sink = new Thread(() -> {
            try {
                long n = 0;
                while (q3.take() != END) {
                    n++;
                }
                seen[0] = n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (Thread t : new Thread[] {source, filter, transformer, sink}) {
            t.start();
        }
        for (Thread t : new Thread[] {source, filter, transformer, sink}) {
            t.join();
        }
        if (seen[0] != records) {
            throw new IllegalStateException("baseline lost records: " + seen[0]);
        }
        return seen[0];
    }

    private static Thread relay(BlockingQueue<Object> from, BlockingQueue<Object> to) {
        return new Thread(() -> {
            try {
                Object o;
                do {
                    o = from.take();
                    to.put(o);
                } while (o != END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
