package dev.blueprint.components.redis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.components.broker.Connector;
import dev.blueprint.components.broker.MessageLimit;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.redis.RedisLink;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBEs to {@code channels} and PSUBSCRIBEs to {@code patterns}; each message becomes
 * {@code {"channel", "pattern"?, <captured fields>..., "data"}}. Messages are emitted on the event loop
 * of this source's own client, so a full queue stops reading from Redis (which buffers for a slow
 * subscriber up to its {@code client-output-buffer-limit pubsub}) and nothing else. After a reconnect Lettuce subscribes again; what was
 * published meanwhile is gone, as always with pub/sub.
 */
final class RedisPubSubSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(RedisPubSubSource.class);
    private final RedisSourceConfig config;
    private final Map<String, ChannelTemplate> byGlob = new LinkedHashMap<>();
    private final MessageLimit limit;
    private ComponentContext context;
    private RedisLink link;
    private Connector<StatefulRedisPubSubConnection<String, byte[]>> connector;

    RedisPubSubSource(RedisSourceConfig config) {
        this.config = config;
        this.limit = new MessageLimit(config.count());
        if (config.patterns() != null) {
            config.patterns().forEach(p -> {
                ChannelTemplate t = ChannelTemplate.parseSubscription("patterns", p);
                byGlob.put(t.glob(), t);
            });
        }
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        link = RedisLink.createDedicated(context.name(), config.url());
        connector = link.connector(context, config.backoff(), link::connectPubSubBinary, this::subscribe);
        connector.start();
    }

    /** Once connected; Lettuce subscribes again by itself after a reconnect. */
    private void subscribe(StatefulRedisPubSubConnection<String, byte[]> connection) {
        Output out = context.output();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                deliver(out, channel, null, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                deliver(out, channel, pattern, message);
            }
        });
        List<String> channels = config.channels() == null ? List.of() : config.channels();
        try {
            if (!channels.isEmpty()) {
                connection.async().subscribe(channels.toArray(String[]::new)).get(30, TimeUnit.SECONDS);
            }
            if (!byGlob.isEmpty()) {
                connection.async().psubscribe(byGlob.keySet().toArray(String[]::new)).get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted subscribing", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot subscribe on " + link.display() + ": " + e, e);
        }
        log.info("{} - subscribed on {} to {}{}", context.name(), link.display(), channels.isEmpty() ? "" : "channels " + channels,
                byGlob.isEmpty() ? "" : (channels.isEmpty() ? "" : " and ") + "patterns " + byGlob.keySet());
    }

    private void deliver(Output out, String channel, String glob, byte[] message) {
        if (context.isStopping()) {
            return;
        }
        limit.offer(() -> {
            ObjectNode record = context.json().createObjectNode();
            record.put("channel", channel);
            if (glob != null) {
                ChannelTemplate template = byGlob.get(glob);
                record.put("pattern", template == null ? glob : template.text());
                Map<String, String> captured = template == null ? null : template.captures(channel);
                if (captured != null) {
                    captured.forEach(record::put);
                }
            }
            MessagePayload.emit(context, out, record, message, config.payload(), null);
        });
    }

    @Override
    public void run() throws InterruptedException {
        limit.await();
    }

    @Override
    public void stop() {
        limit.stop();
    }

    @Override
    public void close() {
        if (connector != null) {
            connector.close();
        }
        if (link != null) {
            link.close();
        }
    }
}
