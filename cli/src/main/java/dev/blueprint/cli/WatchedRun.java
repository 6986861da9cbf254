package dev.blueprint.cli;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Reloadable;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code blueprint run --watch}: runs a blueprint and, whenever its file (or a file it names, such as a worker
 * script) changes, validates the new version; with errors it prints them and keeps the old one running; valid,
 * it drains the old pipeline and starts the new one, and rolls back to the old one when the new one fails to
 * start. A component whose type, config and bindings did not change and that can be handed over (a WebSocket
 * server) keeps running across the reload, its clients connected; every other component restarts. Signals, the
 * grace period, the summary and the exit code are the {@link RunSession}'s, exactly as under {@code run}.
 */
final class WatchedRun implements RunSession.Reloader {
    private static final Logger log = LoggerFactory.getLogger(WatchedRun.class);

    private final BlueprintLoader loader;
    private final Path file;
    private final List<String> overrides;
    private final PrintWriter err;
    /** When the files count as changed. */
    private final ChangeRule changes;
    /** The session this watches for, set by {@link #watch}: it holds the pipeline running now. */
    private RunSession session;
    private Blueprint blueprint;
    /** Whether {@link #blueprint} runs: false after a rollback that failed too, when saving it again must retry it. */
    private boolean runs = true;

    /**
     * Watches {@code file} (and the files {@code first} names). {@code first} was read from content with checksum
     * {@code firstContent}, taken before reading it, so that a save since is a change to apply; the other files count as
     * they are now. {@code rule} makes the {@link ChangeRule} that decides when they have changed, from those contents.
     */
    WatchedRun(BlueprintLoader loader, Path file, List<String> overrides, PrintWriter err, Blueprint first, long firstContent,
            Function<Map<Path, Long>, ChangeRule> rule) {
        this.loader = loader;
        this.file = file;
        this.overrides = overrides;
        this.err = err;
        this.blueprint = first;
        Map<Path, Long> running = new LinkedHashMap<>(SettledChange.fingerprints(watchedFiles(first)));
        running.put(file, firstContent);
        this.changes = rule.apply(running);
    }

    /** Reloads on every change of the files until the session stops. */
    @Override
    public void watch(RunSession session) throws InterruptedException {
        this.session = session;
        log.info("{} - watching {} for changes, {} (Ctrl-C to stop)", blueprint.name(),
                String.join(", ", watchedFiles(blueprint).stream().map(Path::toString).toList()), changes);
        boolean finishedReported = false;
        while (!session.awaitStop(changes.pollInterval())) {
            Optional<Map<Path, Long>> settled = changes.look(SettledChange.fingerprints(watchedFiles(blueprint)), System.nanoTime());
            if (settled.isPresent()) {
                reload(settled.get());
                finishedReported = false;
            } else if (!finishedReported && finished(session.current())) {
                log.info("{} - finished; still watching for changes (Ctrl-C to stop)", blueprint.name());
                finishedReported = true;
            }
        }
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
        long sum = text == null ? ChangeRule.MISSING : SettledChange.checksum(text);
        if (sum != settled.get(file)) {
            return; // written again since it settled: it has to settle again
        }
        Map<Path, Long> before = changes.applied();
        BlueprintLoader.Result result = text == null ? loader.load(file, overrides) : loader.load(file.toString(), text, overrides);
        if (!result.valid()) {
            changes.applied(settled);
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
            changes.applied(settled);
            log.info("{} - {} saved without a change to what runs; nothing restarted", next.name(), file.getFileName());
            return;
        }
        Pipeline previous = session.current();
        ReloadPlan plan = ReloadPlan.of(blueprint, next, name -> previous.component(name, Reloadable.class).isPresent());
        log.info("{} - {} changed: {}", next.name(), file.getFileName(), plan);
        Attempt attempt = start(next, drain(previous, plan.kept()), previous);
        if (attempt.started()) {
            runs = true;
            blueprint = next;
            session.replace(attempt.pipeline());
            applied(next, settled);
            log.info("{} - reloaded", next.name());
            return;
        }
        changes.applied(settled);
        err.println("watch: the new version failed to start; rolling back to the previous one");
        err.flush();
        Attempt back = start(blueprint, attempt.leftOver(), attempt.pipeline() != null ? attempt.pipeline() : previous);
        session.replace(back.pipeline() != null ? back.pipeline() : previous);
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
        changes.applied(runsNow);
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
