package dev.blueprint.components.stdio;

import dev.blueprint.components.payload.LineDecoder;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Reads lines from standard input until EOF. The blocking reads happen on a daemon helper thread so that
 * a graceful stop returns at once instead of waiting for the next line.
 */
final class StdinSource implements Component {
    private final StdinConfig config;
    private final CountDownLatch done = new CountDownLatch(1);
    private ComponentContext context;
    private volatile Throwable failure;

    StdinSource(StdinConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
    }

    @Override
    public void run() throws InterruptedException {
        LineDecoder decoder = new LineDecoder(context, config.format());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while (!context.isStopping() && (line = in.readLine()) != null) {
                    decoder.accept(line);
                }
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = e; // the pipeline stopped while the reader was blocked emitting
            } finally {
                done.countDown();
            }
        }, "blueprint-" + context.name() + "-stdin");
        reader.setDaemon(true);
        reader.start();
        done.await();
        if (failure instanceof IOException e) {
            throw new UncheckedIOException("reading standard input failed", e);
        }
    }

    @Override
    public void stop() {
        done.countDown();
    }
}
