package dev.blueprint.cli;

import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a {@code run --watch} reload does to each component, as it is logged: kept running (handed to the new
 * pipeline as it is: type, config and bindings unchanged, and a type that can be handed over), restarted (in both
 * versions, stopped and started again), added, removed.
 */
record ReloadPlan(Set<String> kept, Set<String> restarted, Set<String> added, Set<String> removed) {

    /**
     * The plan from {@code before} to {@code after}; {@code handsOver} says whether the running component of that
     * name can be handed over ({@link dev.blueprint.api.Reloadable}).
     */
    static ReloadPlan of(Blueprint before, Blueprint after, Predicate<String> handsOver) {
        Set<String> kept = new LinkedHashSet<>();
        Set<String> restarted = new LinkedHashSet<>();
        Set<String> added = new LinkedHashSet<>();
        for (ComponentDecl c : after.components()) {
            ComponentDecl old = before.component(c.name()).orElse(null);
            if (old == null) {
                added.add(c.name());
            } else if (sameComponent(before, old, after, c) && handsOver.test(c.name())) {
                kept.add(c.name());
            } else {
                restarted.add(c.name());
            }
        }
        Set<String> removed = new LinkedHashSet<>();
        before.components().stream().map(ComponentDecl::name).filter(n -> after.component(n).isEmpty()).forEach(removed::add);
        return new ReloadPlan(kept, restarted, added, removed);
    }

    /** Whether the two versions run the same: the same components with the same config, bindings and system settings. */
    static boolean sameRun(Blueprint before, Blueprint after) {
        if (!before.name().equals(after.name()) || !before.shutdownGracePeriod().equals(after.shutdownGracePeriod())
                || !Objects.equals(before.http(), after.http()) || before.components().size() != after.components().size()
                || !bindings(before).equals(bindings(after))) {
            return false;
        }
        return after.components().stream().allMatch(c -> before.component(c.name()).filter(old -> sameComponent(before, old, after, c))
                .isPresent());
    }

    private static boolean sameComponent(Blueprint before, ComponentDecl old, Blueprint after, ComponentDecl c) {
        return old.type().equals(c.type()) && Objects.equals(old.config(), c.config())
                && bindingsOf(before, c.name()).equals(bindingsOf(after, c.name()));
    }

    private static Set<String> bindings(Blueprint b) {
        Set<String> labels = new LinkedHashSet<>();
        b.bindings().forEach(d -> labels.add(label(d)));
        return labels;
    }

    private static Set<String> bindingsOf(Blueprint b, String name) {
        Set<String> labels = new LinkedHashSet<>();
        for (BindingDecl d : b.bindings()) {
            if (d.fromComponent().equals(name) || d.toComponent().equals(name)) {
                labels.add(label(d));
            }
        }
        return labels;
    }

    private static String label(BindingDecl d) {
        return d.label() + " " + d.capacity() + " " + d.overflow();
    }

    /** {@code kept running: ws; restarted: reply, log; added: none; removed: audit} */
    @Override
    public String toString() {
        return "kept running: " + list(kept) + "; restarted: " + list(restarted) + "; added: " + list(added) + "; removed: " + list(removed);
    }

    private static String list(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
