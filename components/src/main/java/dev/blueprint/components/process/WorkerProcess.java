package dev.blueprint.components.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker program and its pipes: a thread hands each stdout line to a consumer and reports
 * the end of stdout (the program exiting), another forwards stderr to the log.
 */
final class WorkerProcess {
    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final long EXIT_WAIT_MILLIS = 2000;
    private final Process process;
    private final String component;
    private final int index;

    private WorkerProcess(Process process, String component, int index) {
        this.process = process;
        this.component = component;
        this.index = index;
    }

    /**
     * Starts the program. {@code onLine} gets each stdout line and {@code onEnd} this process once stdout has
     * ended, both on the process's own reader thread.
     */
    static WorkerProcess start(WorkerCommand command, String component, int index, Consumer<String> onLine,
            Consumer<WorkerProcess> onEnd)
            throws IOException {
        WorkerProcess p = new WorkerProcess(command.start(), component, index);
        p.daemon("out", () -> {
            p.readLines(p.process.getInputStream(), onLine);
            onEnd.accept(p);
        });
        p.daemon("err", () -> p.readLines(p.process.getErrorStream(), line -> log.info("{} - worker {}: {}", component, index, line)));
        log.debug("{} - worker {} started, pid {}", component, index, p.process.pid());
        return p;
    }

    private void daemon(String suffix, Runnable body) {
        Thread t = new Thread(body, "blueprint-" + component + "-worker-" + index + "-" + suffix);
        t.setDaemon(true);
        t.start();
    }

    private void readLines(InputStream from, Consumer<String> to) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                try {
                    to.accept(line);
                } catch (RuntimeException e) {
                    // a forced shutdown interrupting an emit, say: keep reading so the program can finish
                    log.debug("{} - worker {}: {}", component, index, e.toString());
                }
            }
        } catch (IOException e) {
            log.debug("{} - worker {}: {}", component, index, e.getMessage());
        }
    }

    /** Writes one line to the program's stdin. Blocks while the pipe is full. */
    void write(byte[] line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(line);
        in.flush();
    }

    /** Ends the program at once (SIGKILL). */
    void kill() {
        process.destroyForcibly();
    }

    /** The exit code; waits for the exit. */
    int exitCode() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Closes stdin: a worker reading requests until end of input finishes on its own. Does not block. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroyForcibly();
        }
    }

    /** Waits (bounded) for the exit; SIGTERM after 2 s, SIGKILL after 2 more. */
    void awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    log.warn("{} - worker {} ignored SIGTERM; killing it", component, index);
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
