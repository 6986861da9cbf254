package dev.blueprint.components.redis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.components.broker.Await;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.redis.RedisLink;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.blueprint.components.broker.Connector;
import dev.blueprint.components.broker.PendingAcknowledgements;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Redis Stream as one consumer of a consumer group: first the entries delivered to this consumer
 * before and never acknowledged (a previous run that died or stopped before they were handled), then new
 * ones. An entry is acknowledged (XACK) only once every record derived from it has been handled downstream
 * (written by the sinks it reached, or deliberately dropped; see {@link dev.blueprint.api.Acknowledgement}), so a
 * blueprint killed at any point gets the unhandled entries again when it restarts: at-least-once. Each entry becomes
 * {@code {"stream", "id", "data"}}: {@code data} is the parsed {@code data} field when that is the entry's
 * only field (what the redis Sink writes), else an object of every field.
 */
final class RedisStreamSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamSource.class);
    private static final int BATCH = 100;
    private static final long ACK_POLL_MILLIS = 50;
    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final RedisSourceConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Ids of entries whose records have all been handled downstream, waiting for XACK. */
    private final ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
    /** Ids emitted by this run and not yet acknowledged: a re-read of the pending entries skips them. */
    private final Set<String> unacknowledged = new HashSet<>();
    private ComponentContext context;
    private RedisLink link;
    private Connector<StatefulRedisConnection<String, byte[]>> connector;
    /** Ids of entries whose records failed downstream: they stay pending, and XAUTOCLAIM delivers them again. */
    private final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    /** Where the next XAUTOCLAIM goes on, and when. */
    private String claimCursor = "0-0";
    private long nextClaim;
    private volatile RedisAsyncCommands<String, byte[]> redis;
    private Consumer<String> consumer;
    private long backoff;
    private boolean failing;

    RedisStreamSource(RedisSourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        String group = config.group() != null ? config.group() : context.systemName();
        consumer = Consumer.from(group, config.consumer() != null ? config.consumer() : context.name());
        link = RedisLink.create(context.name(), config.url());
        connector = link.connector(context, config.backoff(), link::connectBinary, c -> {
            redis = c.async();
            try {
                createGroup();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot create consumer group " + group + " on stream " + config.stream() + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating consumer group " + group, e);
            }
        });
        connector.start();
        log.info("{} - reading stream {} on {} as consumer {} of group {}", context.name(), config.stream(), link.display(),
                consumer.getName(), group);
    }

    private void createGroup() throws InterruptedException, ExecutionException {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(config.stream(), "0"), consumer.getGroup(),
                    XGroupCreateArgs.Builder.mkstream()).get(30, TimeUnit.SECONDS);
            log.info("{} - created consumer group {} at the start of stream {}", context.name(), consumer.getGroup(), config.stream());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RedisBusyException)) {
                throw e; // BUSYGROUP: it exists, and remembers where the group is
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecutionException("no answer from Redis at " + link.display() + " within 30 s", e);
        }
    }

    @Override
    public void run() throws InterruptedException {
        Output out = context.output();
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        long emitted = 0;
        String offset = "0"; // own pending entries first, then new ones (">")
        if (connector.await() == null) {
            return; // stopped before Redis ever came
        }
        long connects = link.connects();
        nextClaim = System.nanoTime() + config.minIdle().toNanos();
        while (emitted < limit && !context.isStopping()) {
            forgetFailed();
            if (System.nanoTime() - nextClaim >= 0) {
                try {
                    emitted += claimIdle(out, limit - emitted);
                } catch (ExecutionException e) {
                    onFailure(e.getCause());
                    continue;
                }
            }
            if (link.connects() != connects) {
                // a read whose reply was lost with the connection left its entries pending for this consumer
                connects = link.connects();
                offset = "0";
            }
            List<StreamMessage<String, byte[]>> batch;
            try {
                long want = Math.min(BATCH, limit - emitted);
                XReadArgs args = offset.equals(">") ? XReadArgs.Builder.block(BLOCK).count(want) : XReadArgs.Builder.count(want);
                batch = Await.result(redis.xreadgroup(consumer, args, XReadArgs.StreamOffset.from(config.stream(), offset)),
                        context::isStopping, null);
                if (batch == null) {
                    return; // stopping while waiting; whatever the read delivers stays pending for the next run
                }
                recovered();
            } catch (ExecutionException e) {
                onFailure(e.getCause());
                continue;
            }
            if (batch.isEmpty()) {
                offset = ">";
                acknowledgeHandled(); // a quiet stream must not keep what was handled pending until the next entry
                continue;
            }
            for (StreamMessage<String, byte[]> m : batch) {
                String id = m.getId();
                if (!unacknowledged.add(id)) {
                    continue; // pending because it is still on its way downstream (or its XACK is): not lost, not again
                }
                emitted++;
                emit(out, m);
            }
            if (!offset.equals(">")) {
                // re-reading own pending entries: they stay pending until handled, so read on after the last one
                offset = batch.get(batch.size() - 1).getId();
            }
            acknowledgeHandled();
        }
    }

    private void emit(Output out, StreamMessage<String, byte[]> m) {
        String id = m.getId();
        emit(out, m, () -> handled.add(id), reason -> failed.add(id));
    }

    /** Entries whose records failed stay pending, no longer on their way: the next claim may deliver them again. */
    private void forgetFailed() {
        for (String id; (id = failed.poll()) != null;) {
            unacknowledged.remove(id);
        }
    }

    /**
     * XAUTOCLAIM: the entries of the group pending longer than {@code min_idle} (failed downstream here, or read by
     * a consumer that died) become this consumer's and are delivered again; those still on their way here are
     * skipped. Returns how many were emitted.
     */
    private long claimIdle(Output out, long room) throws ExecutionException, InterruptedException {
        var claimed = Await.result(redis.xautoclaim(config.stream(), new XAutoClaimArgs<String>().consumer(consumer)
                .minIdleTime(config.minIdle()).startId(claimCursor).count(Math.min(BATCH, room))), context::isStopping, null);
        if (claimed == null) {
            return 0;
        }
        claimCursor = claimed.getId();
        if ("0-0".equals(claimCursor)) {
            // went through the whole pending list: look again once entries had time to become idle
            nextClaim = System.nanoTime() + Math.max(config.minIdle().toNanos() / 2, 100_000_000L);
        }
        long n = 0;
        for (StreamMessage<String, byte[]> m : claimed.getMessages()) {
            if (m.getBody() != null && unacknowledged.add(m.getId())) {
                n++;
                emit(out, m);
            }
        }
        return n;
    }

    /** XACKs the entries whose records have all been handled downstream since the last call. */
    private void acknowledgeHandled() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        String id;
        while ((id = handled.poll()) != null) {
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            acknowledge(ids.toArray(String[]::new));
            unacknowledged.removeAll(ids);
        }
    }

    /**
     * Emits the entry: its {@code data} field decoded per {@code payload} when that is its only field (what the redis
     * Sink writes), else an object of its fields as UTF-8 text.
     */
    private void emit(Output out, StreamMessage<String, byte[]> m, Runnable onHandled, java.util.function.Consumer<Throwable> onFailed) {
        ObjectNode r = context.json().createObjectNode();
        r.put("stream", m.getStream());
        r.put("id", m.getId());
        Map<String, byte[]> body = m.getBody();
        if (body.size() == 1 && body.containsKey("data")) {
            MessagePayload.emit(context, out, r, body.get("data"), config.payload(), onHandled, onFailed);
            return;
        }
        ObjectNode fields = context.json().createObjectNode();
        body.forEach((field, value) -> fields.put(field, new String(value, StandardCharsets.UTF_8)));
        r.set("data", fields);
        out.emit(r, onHandled, onFailed);
    }

    /** XACK, retried until Redis takes it: the records were handled, so only the acknowledgement is missing. */
    private void acknowledge(String[] ids) throws InterruptedException {
        while (true) {
            try {
                Await.result(redis.xack(config.stream(), consumer.getGroup(), ids), () -> false, null);
                recovered();
                return;
            } catch (ExecutionException e) {
                onFailure(e.getCause());
            }
        }
    }

    private void onFailure(Throwable cause) throws InterruptedException {
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("NOGROUP")) {
            // the server lost the group (restarted without persistence): make it again and go on
            log.warn("{} - consumer group {} is gone from stream {}; creating it again", context.name(), consumer.getGroup(), config.stream());
            try {
                createGroup();
                return;
            } catch (ExecutionException e) {
                cause = e.getCause();
            }
        }
        if (!failing) {
            log.warn("{} - reading stream {} failed: {}; retrying with backoff", context.name(), config.stream(), cause.toString());
            failing = true;
        }
        backoff = backoff == 0 ? 100 : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        stopped.await(backoff, TimeUnit.MILLISECONDS);
    }

    private void recovered() {
        if (failing) {
            log.info("{} - reading stream {} again", context.name(), config.stream());
            failing = false;
        }
        backoff = 0;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    /**
     * Waits (at most the grace period) for the records still downstream to be handled, so that a graceful stop
     * acknowledges everything it delivered, in batches meanwhile; what is not handled by then stays pending and
     * comes again next run. The outputs are closed already, so the pipeline drains meanwhile.
     */
    @Override
    public void close() throws InterruptedException {
        if (link == null) {
            return;
        }
        try {
            if (connector.isUp()) {
                PendingAcknowledgements.await(context, Duration.ofMillis(ACK_POLL_MILLIS), this::acknowledgeQuietly);
            }
        } finally {
            connector.close();
            link.close();
        }
    }

    private void acknowledgeQuietly() {
        try {
            acknowledgeHandled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
