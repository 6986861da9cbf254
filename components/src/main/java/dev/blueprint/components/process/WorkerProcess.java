package dev.blueprint.components.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    private Thread reader;

    private WorkerProcess(Process process, String component, int index) {
        this.process = process;
        this.component = component;
        this.index = index;
    }

    /**
     * Starts the program. {@code stdout} hears each stdout line (at most {@code maxLineBytes} long) and
     * {@code onEnd} gets this process once stdout has ended, both on the process's own reader thread. When
     * that thread dies of anything but the end of output (a bug, an {@link Error}), the program is killed and
     * {@code onReaderDied} gets the cause instead: nothing would read its answers any more.
     */
    static WorkerProcess start(WorkerCommand command, String component, int index, int maxLineBytes,
            LineReader.Listener stdout, Consumer<WorkerProcess> onEnd, Consumer<Throwable> onReaderDied)
            throws IOException {
        WorkerProcess p = new WorkerProcess(command.start(), component, index);
        p.reader = p.daemon("out", () -> {
            try {
                p.read(p.process.getInputStream(), maxLineBytes, stdout);
            } catch (Throwable t) {
                p.kill();
                onReaderDied.accept(t);
                return;
            }
            onEnd.accept(p);
        });
        p.daemon("err", () -> p.read(p.process.getErrorStream(), maxLineBytes, p.stderrToLog()));
        log.debug("{} - worker {} started, pid {}", component, index, p.process.pid());
        return p;
    }

    private Thread daemon(String suffix, Runnable body) {
        Thread t = new Thread(body, "blueprint-" + component + "-worker-" + index + "-" + suffix);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void read(InputStream from, int maxLineBytes, LineReader.Listener to) {
        try (from) {
            new LineReader(from, maxLineBytes).readAll(to);
        } catch (IOException e) {
            log.debug("{} - worker {}: {}", component, index, e.getMessage());
        }
    }

    private LineReader.Listener stderrToLog() {
        return new LineReader.Listener() {
            @Override
            public void onLine(String line) {
                log.info("{} - worker {}: {}", component, index, line);
            }

            @Override
            public void onLineTooLong(long limit) {
                log.warn("{} - worker {} printed a stderr line longer than max_line_bytes ({} bytes); skipped", component, index, limit);
            }

            @Override
            public void onQuiet() {
            }
        };
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
            // its last lines are handled before the caller goes on (and closes the outputs, say)
            reader.join(EXIT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
