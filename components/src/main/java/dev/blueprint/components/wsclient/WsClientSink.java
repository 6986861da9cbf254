package dev.blueprint.components.wsclient;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.payload.Payloads;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each record as a text frame. While the connection is down the sink waits for it (back-pressure to
 * the source); it also waits while earlier frames are still queued for the socket, so a slow server slows
 * the pipeline instead of growing a buffer. At most once: a frame written just before a drop may be lost.
 */
final class WsClientSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(WsClientSink.class);
    private final WsClientSinkConfig config;
    private ComponentContext context;
    private WsClient client;

    WsClientSink(WsClientSinkConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        client = new WsClient(context, config.url(), config.headers(), config.token(), config.connectTimeout(), config.backoff(), () -> { },
                text -> { });
        client.start();
        log.info("{} - sending to {}", context.name(), BrokerUrl.redacted(config.url()));
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        String text = Payloads.text(context.json(), Payloads.select(record.value(), config.payloadField()));
        while (true) {
            if (!client.awaitOpen()) {
                // not sent: the runtime gives the record back to its source as failed (or to errors when bound)
                throw new IllegalStateException("stopped while " + BrokerUrl.redacted(config.url()) + " was away; record not sent");
            }
            while (client.hasBufferedData() && client.isOpen()) {
                TimeUnit.MICROSECONDS.sleep(200);
            }
            if (client.send(text)) {
                context.written(1);
                return;
            }
        }
    }

    /** Lets the socket take what is buffered, within the grace period. */
    @Override
    public void onInputsEnded() throws InterruptedException {
        long deadline = System.nanoTime() + context.shutdownGracePeriod().toNanos();
        while (client.hasBufferedData() && client.isOpen() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
