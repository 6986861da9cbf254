package dev.blueprint.components.wsclient;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.MessageLimit;
import dev.blueprint.components.payload.Payloads;
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
    private final MessageLimit limit;
    private ComponentContext context;
    private Output out;
    private WsClient client;

    WsClientSource(WsClientSourceConfig config) {
        this.config = config;
        this.limit = new MessageLimit(config.count());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        this.out = context.output();
        client = new WsClient(context, config.url(), config.headers(), config.token(), config.connectTimeout(), config.backoff(),
                this::subscribe, this::onMessage);
        client.start();
        log.info("{} - reading {}", context.name(), BrokerUrl.redacted(config.url()));
    }

    private void subscribe() {
        if (config.subscribe() != null) {
            client.send(config.subscribe());
        }
    }

    private void onMessage(String text) {
        limit.offer(() -> out.emit(Payloads.value(context.json(), text, config.parseJson())));
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
        if (client != null) {
            client.close();
        }
    }
}
