package dev.blueprint.components.redis;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.Await;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.components.redis.RedisLink;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISHes each record to a channel, or XADDs it to a stream, named by a template filled from the record.
 * Commands are pipelined: up to {@link #WINDOW} wait for their reply, then the sink waits for the oldest.
 * While Redis is away the connection holds the commands and sends them once it is back, so the window
 * fills, the sink waits, its input queue fills and the pipeline slows down: nothing is lost. A command
 * whose reply was lost with the connection is sent again (at-least-once). A record Redis refuses (a key of the wrong type, say), or one lacking a field the template needs, goes to
 * {@code errors} as {@code redis_error}.
 */
final class RedisSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(RedisSink.class);
    static final int WINDOW = 256;

    private record Pending(Record record, String key, byte[] body, RedisFuture<?> reply) {
    }

    private final RedisSinkConfig config;
    private final ChannelTemplate target;
    private final boolean publish;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private ComponentContext context;
    private RedisLink link;
    private RedisAsyncCommands<String, byte[]> redis;
    private XAddArgs xadd;

    RedisSink(RedisSinkConfig config) {
        this.config = config;
        this.publish = config.channel() != null;
        this.target = ChannelTemplate.parse(publish ? "channel" : "stream", publish ? config.channel() : config.stream());
    }

    @Override
    public void start(ComponentContext context) throws Exception {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        link = RedisLink.create(context.name(), config.url());
        redis = link.connectBinary().async();
        link.registerReadiness(context);
        xadd = config.maxlen() == null ? null : new XAddArgs().maxlen(config.maxlen()).exactTrimming();
        log.info("{} - {} {} on {}", context.name(), publish ? "publishing to channel" : "appending to stream", target, link.display());
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        byte[] body = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        String key = target.fill(record.value());
        inFlight.add(new Pending(record, key, body, send(key, body)));
        if (inFlight.size() >= WINDOW) {
            settle(inFlight.poll());
        }
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        drain();
    }

    private void drain() throws InterruptedException {
        if (!inFlight.isEmpty() && !link.isUp()) {
            log.warn("{} - waiting for Redis at {} to take {} more records", context.name(), link.display(), inFlight.size());
        }
        while (!inFlight.isEmpty()) {
            settle(inFlight.poll());
        }
    }

    private RedisFuture<?> send(String key, byte[] body) {
        return publish ? redis.publish(key, body)
                : xadd == null ? redis.xadd(key, Map.of("data", body)) : redis.xadd(key, xadd, Map.of("data", body));
    }

    /**
     * Waits for one reply, as long as Redis takes to come back (an interrupt ends the wait). A command
     * Redis refused is the record's error; a command lost with the connection (Lettuce fails the one being
     * read when the connection resets, and sends the others again itself) or refused for the moment
     * ({@code LOADING} after a restart) is sent again, with backoff.
     */
    private void settle(Pending p) throws InterruptedException {
        RedisFuture<?> reply = p.reply();
        long backoff = 50;
        while (true) {
            try {
                Await.result(reply, () -> false, null);
                context.written(1);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RedisCommandExecutionException && !RedisLink.isTransient(e.getCause())) {
                    context.reportError(p.record(), "redis_error", e.getCause());
                    return;
                }
                log.debug("{} - record #{} lost with the connection ({}); sending it again in {} ms", context.name(),
                        p.record().sequence(), e.getCause().toString(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(5000, backoff * 2);
                reply = send(p.key(), p.body());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            drain();
        } finally {
            if (link != null) {
                link.close();
            }
        }
    }
}
