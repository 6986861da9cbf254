package dev.blueprint.cli;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Reloadable;
import dev.blueprint.ops.OpsServer;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
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
import java.util.Optional;
import java.util.Set;
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

    private final BlueprintLoader loader;
    private final Path file;
    private final List<String> overrides;
    private final PrintWriter err;
    private volatile Pipeline current;
    private volatile boolean quitting;
    private Blueprint blueprint;
    /** Whether {@link #blueprint} runs: false after a rollback that failed too, when saving it again must retry it. */
    private boolean runs = true;
    /** How long the files must stay unchanged before a change is applied ({@code --watch-settle}). */
    private final java.time.Duration settle;
    private SettledChange files;
    private final Optional<OpsAddress> http;
    /** The ops server, following whichever pipeline is current; null when off. */
    private OpsServer ops;

    /** {@code --stats} seconds, or null. */
    private final Integer statsSeconds;
    /** {@code --ready-file}, or null: written for each version that starts. */
    private final Path readyFile;

    WatchedRun(BlueprintLoader loader, Path file, List<String> overrides, PrintWriter err, Optional<OpsAddress> http,
            Integer statsSeconds, Path readyFile, java.time.Duration settle) {
        this.settle = settle;
        this.http = http;
        this.readyFile = readyFile;
        this.statsSeconds = statsSeconds;
        this.loader = loader;
        this.file = file;
        this.overrides = overrides;
        this.err = err;
    }

    /**
     * Runs {@code first}, read from content with checksum {@code firstContent} (taken before reading it, so that a save
     * since is a change to apply), and the versions that follow until Ctrl-C/SIGTERM; returns the exit code.
     */
    int run(Blueprint first, long firstContent) throws InterruptedException {
        blueprint = first;
        Map<Path, Long> running = new LinkedHashMap<>(SettledChange.fingerprints(watchedFiles(first)));
        running.put(file, firstContent);
        files = new SettledChange(settle, running);
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
        log.info("{} - watching {} for changes, applied once unchanged for {} ms (Ctrl-C to stop)", first.name(),
                String.join(", ", watchedFiles(first).stream().map(Path::toString).toList()), settle.toMillis());
        boolean finishedReported = false;
        long poll = files.pollInterval().toMillis();
        while (!quitting) {
            Thread.sleep(poll);
            Optional<Map<Path, Long>> settled = files.look(SettledChange.fingerprints(watchedFiles(blueprint)), System.nanoTime());
            if (settled.isPresent()) {
                reload(settled.get());
                finishedReported = false;
            } else if (!finishedReported && !quitting && finished(current)) {
                log.info("{} - finished; still watching for changes (Ctrl-C to stop)", blueprint.name());
                finishedReported = true;
            }
        }
        // a signal during a reload stopped the pipeline then current, the one being drained: stop the one that followed it
        current.stop();
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

    /**
     * Validates the settled version of the files; applies it when valid, rolling back when it fails to start. A version
     * that runs the same as the one running (a save without a change, a comment edited) changes nothing. The blueprint
     * is loaded from the very bytes whose checksum settled, so what runs is what was seen to settle; a file that
     * changed again in between is left for the next settled look.
     */
    private void reload(Map<Path, Long> settled) throws InterruptedException {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            text = null;
        }
        long sum = text == null ? SettledChange.MISSING : SettledChange.checksum(text);
        if (sum != settled.get(file)) {
            return; // written again since it settled: it has to settle again
        }
        Map<Path, Long> before = files.applied();
        BlueprintLoader.Result result = text == null ? loader.load(file, overrides) : loader.load(file.toString(), text, overrides);
        if (!result.valid()) {
            files.applied(settled);
            err.println("watch: " + file + " changed, but the new version has errors; still running the previous one:");
            result.problems().stream().map(Problem::format).forEach(err::println);
            err.flush();
            return;
        }
        Blueprint next = result.blueprint();
        Map<Path, Long> namedBefore = new LinkedHashMap<>(before);
        Map<Path, Long> namedNow = new LinkedHashMap<>(settled);
        namedBefore.remove(file);
        namedNow.remove(file);
        if (runs && ReloadPlan.sameRun(blueprint, next) && namedBefore.equals(namedNow)) {
            files.applied(settled);
            log.info("{} - {} saved without a change to what runs; nothing restarted", next.name(), file.getFileName());
            return;
        }
        ReloadPlan plan = ReloadPlan.of(blueprint, next, name -> current.component(name, Reloadable.class).isPresent());
        log.info("{} - {} changed: {}", next.name(), file.getFileName(), plan);
        Pipeline previous = current;
        Attempt attempt = start(next, drain(previous, plan.kept()), previous);
        if (attempt.started()) {
            runs = true;
            blueprint = next;
            current = attempt.pipeline();
            follow();
            applied(next, settled);
            log.info("{} - reloaded", next.name());
            return;
        }
        files.applied(settled);
        err.println("watch: the new version failed to start; rolling back to the previous one");
        err.flush();
        Attempt back = start(blueprint, attempt.leftOver(), attempt.pipeline() != null ? attempt.pipeline() : previous);
        current = back.pipeline() != null ? back.pipeline() : current;
        follow();
        runs = back.started();
        if (back.started()) {
            log.info("{} - rolled back: the previous version runs again", blueprint.name());
        } else {
            err.println("watch: the previous version failed to start again; fix the blueprint and save it to retry");
            err.flush();
        }
    }

    /**
     * Records {@code next} as running with the contents that settled. A file the new version names for the first time
     * counts as read when it started; one written during the reload differs from what settled, so the next look
     * reloads it: checked here once, so that the log says why a second reload follows.
     */
    private void applied(Blueprint next, Map<Path, Long> settled) {
        Map<Path, Long> onDisk = SettledChange.fingerprints(watchedFiles(next));
        Map<Path, Long> runsNow = new LinkedHashMap<>(onDisk);
        settled.forEach((f, sum) -> runsNow.computeIfPresent(f, (k, v) -> sum));
        files.applied(runsNow);
        if (!runsNow.equals(onDisk)) {
            log.info("{} - {} changed while reloading; applying that version once it settles", next.name(), file.getFileName());
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

    /** Builds and starts {@code b} with the components handed over from {@code from}, their counters going on. */
    private Attempt start(Blueprint b, Map<String, Component> handedOver, Pipeline from) throws InterruptedException {
        Pipeline p;
        try {
            p = Pipeline.build(b, handedOver, from);
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

    /** The blueprint file and the files its components name. */
    @SuppressWarnings("unchecked")
    private Set<Path> watchedFiles(Blueprint b) {
        Set<Path> watched = new LinkedHashSet<>();
        watched.add(file);
        Path dir = BlueprintLoader.blueprintDirectory(file.toString());
        for (ComponentDecl c : b.components()) {
            watched.addAll(((ComponentProvider<java.lang.Record>) c.provider()).definitionFiles(c.config(), dir));
        }
        return watched;
    }
}
