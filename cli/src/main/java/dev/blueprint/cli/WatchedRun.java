package dev.blueprint.cli;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.ops.OpsServer;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.validate.BlueprintLoader;
import dev.blueprint.runtime.validate.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code blueprint run --watch}: runs a blueprint and, whenever its file (or a file it names, such as a worker
 * script) changes, validates the new version; with errors it prints them and keeps the old one running; valid,
 * it drains the old pipeline and starts the new one, and rolls back to the old one when the new one fails to
 * start. A component whose type, config and bindings did not change and that can be handed over (a WebSocket
 * server) keeps running across the reload, its clients connected; every other component restarts.
 */
final class WatchedRun {
    private static final Logger log = LoggerFactory.getLogger(WatchedRun.class);
    /** How often the files are looked at: fast enough to feel immediate, cheap for a few small files. */
    private static final long POLL_MILLIS = 250;

    private final BlueprintLoader loader;
    private final Path file;
    private final List<String> overrides;
    private final PrintWriter err;
    private volatile Pipeline current;
    private volatile boolean quitting;
    private Blueprint blueprint;
    private Map<Path, Long> fingerprints = Map.of();
    private final Optional<OpsAddress> http;
    /** The ops server, following whichever pipeline is current; null when off. */
    private OpsServer ops;

    /** {@code --stats} seconds, or null. */
    private final Integer statsSeconds;
    /** {@code --ready-file}, or null: written for each version that starts. */
    private final Path readyFile;

    WatchedRun(BlueprintLoader loader, Path file, List<String> overrides, PrintWriter err, Optional<OpsAddress> http,
            Integer statsSeconds, Path readyFile) {
        this.http = http;
        this.readyFile = readyFile;
        this.statsSeconds = statsSeconds;
        this.loader = loader;
        this.file = file;
        this.overrides = overrides;
        this.err = err;
    }

    /** Runs {@code first} and the versions that follow until Ctrl-C/SIGTERM; returns the exit code. */
    int run(Blueprint first) throws InterruptedException {
        blueprint = first;
        fingerprints = fingerprints(first);
        Signal.handle(new Signal("INT"), sig -> quit());
        Signal.handle(new Signal("TERM"), sig -> quit());
        current = Pipeline.build(first);
        ops = OpsEndpoint.start(current, http);
        StatsPrinter stats = statsSeconds == null ? null : StatsPrinter.start(() -> current, statsSeconds, err);
        try {
            return watch(first);
        } finally {
            if (stats != null) {
                stats.close();
            }
            if (ops != null) {
                ops.close();
            }
        }
    }

    private int watch(Blueprint first) throws InterruptedException {
        current.start();
        ReadyFile.write(readyFile, current, ops);
        log.info("{} - watching {} for changes (Ctrl-C to stop)", first.name(), String.join(", ", fingerprints.keySet().stream()
                .map(Path::toString).toList()));
        boolean finishedReported = false;
        while (!quitting) {
            Thread.sleep(POLL_MILLIS);
            Map<Path, Long> now = fingerprints(blueprint);
            if (!now.equals(fingerprints)) {
                fingerprints = now;
                reload();
                finishedReported = false;
            } else if (!finishedReported && !quitting && finished(current)) {
                log.info("{} - finished; still watching for changes (Ctrl-C to stop)", blueprint.name());
                finishedReported = true;
            }
        }
        RunOutcome outcome = current.awaitCompletion();
        current.summary().forEach(line -> log.info("summary: {}", line));
        if (outcome.failure() != null) {
            err.println("error: " + outcome.failure());
            return BlueprintCli.RUNTIME_FAILURE;
        }
        return 0;
    }

    /** Points the ops page and the ready file at the pipeline now current. */
    private void follow() {
        if (ops != null) {
            ops.follow(current);
        }
        ReadyFile.write(readyFile, current, ops);
    }

    private void quit() {
        if (quitting) {
            Runtime.getRuntime().halt(RunCommand.STOPPED_AT_ONCE);
        }
        quitting = true;
        current.stop();
    }

    private static boolean finished(Pipeline p) {
        return p.metrics().components().stream().allMatch(c -> c.finished());
    }

    /** Validates the changed files; applies a valid version, rolling back when it fails to start. */
    private void reload() throws InterruptedException {
        BlueprintLoader.Result result = loader.load(file, overrides);
        if (!result.valid()) {
            err.println("watch: " + file + " changed, but the new version has errors; still running the previous one:");
            result.problems().stream().map(Problem::format).forEach(err::println);
            err.flush();
            return;
        }
        Blueprint next = result.blueprint();
        Set<String> kept = unchanged(blueprint, next);
        log.info("{} - {} changed: draining and restarting{}", next.name(), file.getFileName(),
                kept.isEmpty() ? "" : " (kept running: " + String.join(", ", kept) + ")");
        Attempt attempt = start(next, drain(current, kept));
        if (attempt.started()) {
            blueprint = next;
            current = attempt.pipeline();
            follow();
            fingerprints = fingerprints(next);
            log.info("{} - reloaded", next.name());
            return;
        }
        err.println("watch: the new version failed to start; rolling back to the previous one");
        err.flush();
        Attempt back = start(blueprint, attempt.leftOver());
        current = back.pipeline() != null ? back.pipeline() : current;
        follow();
        if (back.started()) {
            log.info("{} - rolled back: the previous version runs again", blueprint.name());
        } else {
            err.println("watch: the previous version failed to start again; fix the blueprint and save it to retry");
            err.flush();
        }
    }

    /**
     * A pipeline started, or not: then {@code leftOver} holds the handed-over components, drained back out of it.
     */
    private record Attempt(Pipeline pipeline, boolean started, Map<String, Component> leftOver) {
    }

    /** Stops {@code p}, handing over the components named; returns them once the others have drained. */
    private static Map<String, Component> drain(Pipeline p, Set<String> keep) throws InterruptedException {
        p.keepOnStop(keep);
        p.stop();
        p.awaitCompletion();
        p.summary().forEach(line -> log.info("summary: {}", line));
        return p.keptComponents();
    }

    /** Builds and starts {@code b} with the handed-over components. */
    private Attempt start(Blueprint b, Map<String, Component> handedOver) throws InterruptedException {
        Pipeline p;
        try {
            p = Pipeline.build(b, handedOver);
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return new Attempt(null, false, handedOver);
        }
        // if a component fails to start, the pipeline stops itself: the handed-over ones must survive that too
        p.keepOnStop(handedOver.keySet());
        p.start();
        if (p.failure().isPresent()) {
            err.println("error: " + p.failure().get());
            return new Attempt(p, false, drain(p, handedOver.keySet()));
        }
        p.keepOnStop(Set.of());
        return new Attempt(p, true, Map.of());
    }

    /** Components of both versions with the same type, config and bindings: candidates to keep running. */
    private static Set<String> unchanged(Blueprint before, Blueprint after) {
        Set<String> same = new LinkedHashSet<>();
        for (ComponentDecl c : after.components()) {
            before.component(c.name()).ifPresent(old -> {
                if (old.type().equals(c.type()) && Objects.equals(old.config(), c.config())
                        && bindingsOf(before, c.name()).equals(bindingsOf(after, c.name()))) {
                    same.add(c.name());
                }
            });
        }
        return same;
    }

    private static Set<String> bindingsOf(Blueprint b, String name) {
        Set<String> labels = new LinkedHashSet<>();
        for (BindingDecl d : b.bindings()) {
            if (d.fromComponent().equals(name) || d.toComponent().equals(name)) {
                labels.add(d.label() + " " + d.capacity() + " " + d.overflow());
            }
        }
        return labels;
    }

    /** The blueprint file and the files its components name, each with a checksum of its content. */
    @SuppressWarnings("unchecked")
    private Map<Path, Long> fingerprints(Blueprint b) {
        Set<Path> files = new LinkedHashSet<>();
        files.add(file);
        Path dir = BlueprintLoader.blueprintDirectory(file.toString());
        for (ComponentDecl c : b.components()) {
            files.addAll(((ComponentProvider<java.lang.Record>) c.provider()).definitionFiles(c.config(), dir));
        }
        Map<Path, Long> sums = new LinkedHashMap<>();
        for (Path f : files) {
            sums.put(f, checksum(f));
        }
        return sums;
    }

    private static long checksum(Path f) {
        try {
            CRC32 crc = new CRC32();
            crc.update(Files.readAllBytes(f));
            return crc.getValue();
        } catch (IOException e) {
            return -1; // gone for a moment (an editor saving by rename): a change when it comes back
        }
    }
}
