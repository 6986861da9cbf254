package dev.blueprint.components.redis;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.Connector;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.broker.Outbox;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.components.payload.MessagePayload;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISHes each record to a channel, or XADDs it to a stream, named by a template filled from the record,
 * through an {@link Outbox}: commands are pipelined, up to {@link #WINDOW} awaiting their reply, then the sink
 * waits. While Redis is away the sink waits for it, its input queue fills and the pipeline slows down: nothing
 * is lost. A command whose reply was lost with the connection, or that Redis refused for the moment
 * ({@code LOADING} after a restart), is sent again after the back-off (at-least-once), up to {@code retries}. A
 * command Redis refuses for good (a key of the wrong type, say) is given up at once: to {@code errors} as
 * {@code delivery_failed} when bound, else back to its source as failed.
 */
final class RedisSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(RedisSink.class);
    static final int WINDOW = 256;

    private record Command(String key, byte[] body) {
    }

    private final RedisSinkConfig config;
    private final ChannelTemplate target;
    private final boolean publish;
    private ComponentContext context;
    private RedisLink link;
    private Connector<StatefulRedisConnection<String, byte[]>> connector;
    private volatile RedisAsyncCommands<String, byte[]> redis;
    private Outbox<Command> outbox;
    private XAddArgs xadd;

    RedisSink(RedisSinkConfig config) {
        this.config = config;
        this.publish = config.channel() != null;
        this.target = ChannelTemplate.parse(publish ? "channel" : "stream", publish ? config.channel() : config.stream());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        link = RedisLink.create(context.name(), config.url());
        connector = link.connector(context, config.backoff(), link::connectBinary, c -> redis = c.async());
        // sent once connected at all: while Redis is away later, the connection holds the commands until it is back, so the
        // window fills and back-pressure reaches the source
        outbox = new Outbox<>(context, WINDOW, config.retries(), config.backoff(), () -> redis != null, "Redis at " + link.display(),
                this::send);
        xadd = config.maxlen() == null ? null : new XAddArgs().maxlen(config.maxlen()).exactTrimming();
        connector.start();
        log.info("{} - {} {} on {}", context.name(), publish ? "publishing to channel" : "appending to stream", target, link.display());
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        byte[] body = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        outbox.submit(record, new Command(target.fill(record.value()), body));
    }

    private void send(DeliveryWindow.Ticket ticket, Command c) {
        RedisFuture<?> reply = publish ? redis.publish(c.key(), c.body())
                : xadd == null ? redis.xadd(c.key(), Map.of("data", c.body())) : redis.xadd(c.key(), xadd, Map.of("data", c.body()));
        reply.whenComplete((ok, error) -> {
            if (error == null) {
                outbox.confirmed(ticket);
            } else if (error instanceof RedisCommandExecutionException && !RedisLink.isTransient(error)) {
                outbox.refused(ticket, error);
            } else {
                outbox.failed(ticket, c, error);
            }
        });
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        if (outbox.outstanding() > 0 && !connector.isUp()) {
            log.warn("{} - waiting for Redis at {} to take {} more records", context.name(), link.display(), outbox.outstanding());
        }
        outbox.drain();
    }

    @Override
    public void close() {
        if (outbox != null) {
            outbox.giveBack();
        }
        if (connector != null) {
            connector.close();
        }
        if (link != null) {
            link.close();
        }
    }
}
