package dev.blueprint.components.wsclient;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.components.payload.Payloads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits each text message the server sends, as the JSON it holds (or its text). At most once: a message
 * the server sent while the connection was down is not seen. Emitting blocks the client's reading thread,
 * so a slow pipeline slows the socket instead of buffering without bound.
 */
final class WsClientSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(WsClientSource.class);
    private final WsClientSourceConfig config;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong received = new AtomicLong();
    private ComponentContext context;
    private WsClient client;

    WsClientSource(WsClientSourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) throws InterruptedException {
        this.context = context;
        client = new WsClient(context, config.url(), config.headers(), config.token(), config.maxBackoff(), this::subscribe, this::onMessage);
        client.connect(config.connectTimeout());
        log.info("{} - connected to {}", context.name(), dev.blueprint.components.broker.BrokerUrl.redacted(config.url()));
    }

    private void subscribe() {
        if (config.subscribe() != null) {
            client.send(config.subscribe());
        }
    }

    private void onMessage(String text) {
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        long n = received.incrementAndGet();
        if (n > limit) {
            return;
        }
        context.output().emit(Payloads.value(context.json(), text, config.parseJson()));
        if (n == limit) {
            done.countDown();
        }
    }

    @Override
    public void run() throws InterruptedException {
        done.await();
    }

    @Override
    public void stop() {
        done.countDown();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
