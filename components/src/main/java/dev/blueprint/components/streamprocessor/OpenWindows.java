package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The open windows of every key, indexed by end so that the ones a watermark passes are found without a scan, and
 * the source message ids they counted, so that a redelivered message is recognised. Session windows grow and merge
 * here. Used on the component's thread only.
 */
final class OpenWindows {
    private final Map<String, List<Pane>> byKey = new HashMap<>();
    /** Panes by end; a session that grew is found under its old end too, and skipped there. */
    private final TreeMap<Long, List<Pane>> byEnd = new TreeMap<>();
    /** How many live panes counted each id (a record of a sliding window is in several). */
    private final Map<String, Integer> ids;
    private final boolean percentiles;

    OpenWindows(boolean withIds, boolean percentiles) {
        this.ids = withIds ? new HashMap<>() : null;
        this.percentiles = percentiles;
    }

    /** Whether a live window (open, or emitted and not yet handled) counted {@code id}. */
    boolean counted(String id) {
        return ids != null && id != null && ids.containsKey(id);
    }

    /** The window of {@code keyText} from {@code start} to {@code end}, made if it is not open. */
    Pane window(String keyText, JsonNode key, long start, long end) {
        List<Pane> panes = byKey.get(keyText);
        if (panes == null) {
            panes = new ArrayList<>(2);
            byKey.put(keyText, panes);
        }
        for (int i = 0; i < panes.size(); i++) {
            Pane p = panes.get(i);
            if (p.start == start) {
                return p;
            }
        }
        Pane p = new Pane(keyText, key, start, end, new Aggregate(percentiles), ids != null);
        panes.add(p);
        if (end != Long.MAX_VALUE) {
            byEnd.computeIfAbsent(end, e -> new ArrayList<>()).add(p);
        }
        return p;
    }

    /** The one window of {@code keyText} of a count window, made starting at {@code now} if it is not open. */
    Pane countWindow(String keyText, JsonNode key, long now) {
        List<Pane> panes = byKey.get(keyText);
        return panes != null ? panes.get(0) : window(keyText, key, now, Long.MAX_VALUE);
    }

    /**
     * The session window of {@code keyText} that a record at {@code time} belongs to: [time, time + gap), merged with
     * every open session it overlaps.
     */
    Pane session(String keyText, JsonNode key, long time, long gap) {
        List<Pane> panes = byKey.computeIfAbsent(keyText, k -> new ArrayList<>(2));
        long start = time;
        long end = time + gap;
        Pane into = null;
        long intoEnd = 0;
        for (Iterator<Pane> it = panes.iterator(); it.hasNext();) {
            Pane p = it.next();
            if (p.start < end && start < p.end) {
                if (into == null) {
                    into = p;
                    intoEnd = p.end;
                } else {
                    into.aggregate.merge(p.aggregate);
                    into.held.takeFrom(p.held);
                    if (into.ids != null) {
                        into.ids.addAll(p.ids);
                        p.ids.forEach(this::forgetId); // now counted once, by into
                    }
                    into.start = Math.min(into.start, p.start);
                    into.end = Math.max(into.end, p.end);
                    p.emitted = true; // merged away: its entry under its end is skipped
                    it.remove();
                }
            }
        }
        if (into == null) {
            return window(keyText, key, start, end);
        }
        into.start = Math.min(into.start, start);
        into.end = Math.max(into.end, end);
        if (into.end != intoEnd) {
            byEnd.computeIfAbsent(into.end, e -> new ArrayList<>()).add(into);
        }
        return into;
    }

    /** Counts a record in {@code pane}; {@code id} (may be null) is remembered as counted. */
    void count(Pane pane, long time, Double value, String id) {
        pane.aggregate.add(time, value);
        if (ids != null && id != null && pane.ids.add(id)) {
            ids.merge(id, 1, Integer::sum);
        }
    }

    /** Takes every window ending at or before {@code watermark} out of the open ones, earliest end first. */
    void closeUpTo(long watermark, Consumer<Pane> closed) {
        while (!byEnd.isEmpty() && byEnd.firstKey() <= watermark) {
            Map.Entry<Long, List<Pane>> e = byEnd.pollFirstEntry();
            for (Pane p : e.getValue()) {
                if (!p.emitted && p.end == e.getKey()) {
                    remove(p);
                    closed.accept(p);
                }
            }
        }
    }

    /** Takes {@code pane} out of the open windows (its ids stay counted until {@link #forget}). */
    void remove(Pane pane) {
        List<Pane> panes = byKey.get(pane.keyText);
        if (panes != null) {
            panes.remove(pane);
            if (panes.isEmpty()) {
                byKey.remove(pane.keyText);
            }
        }
    }

    /** Forgets the ids of an emitted pane once its result is handled. */
    void forget(Pane pane) {
        if (pane.ids != null) {
            pane.ids.forEach(this::forgetId);
        }
    }

    private void forgetId(String id) {
        ids.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Every open window. */
    List<Pane> all() {
        List<Pane> all = new ArrayList<>();
        byKey.values().forEach(all::addAll);
        return all;
    }

    /** Takes every open window out, for a stop, earliest end first; none when {@code take} is false. */
    Collection<Pane> drainIf(boolean take) {
        if (!take) {
            return List.of();
        }
        List<Pane> all = all();
        all.sort(java.util.Comparator.comparingLong((Pane p) -> p.end).thenComparingLong(p -> p.start));
        byKey.clear();
        byEnd.clear();
        return all;
    }

    /** Puts back a window read from a checkpoint. */
    Pane restore(Pane p) {
        byKey.computeIfAbsent(p.keyText, k -> new ArrayList<>(2)).add(p);
        if (p.end != Long.MAX_VALUE) {
            byEnd.computeIfAbsent(p.end, e -> new ArrayList<>()).add(p);
        }
        remember(p);
        return p;
    }

    /** Counts the ids of a restored window (open, or emitted and not yet handled). */
    void remember(Pane p) {
        if (ids != null && p.ids != null) {
            p.ids.forEach(id -> ids.merge(id, 1, Integer::sum));
        }
    }

    int size() {
        return byKey.size();
    }
}
