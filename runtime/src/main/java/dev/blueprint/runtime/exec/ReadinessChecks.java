package dev.blueprint.runtime.exec;

import dev.blueprint.api.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** The {@link Readiness} of one run: registered once per dependency, asked by every probe. */
final class ReadinessChecks implements Readiness {
    private record Check(String name, BooleanSupplier ready) {
    }

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    @Override
    public void register(String name, BooleanSupplier check) {
        checks.add(new Check(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check")));
    }

    @Override
    public List<String> notReady() {
        List<String> down = new ArrayList<>();
        for (Check c : checks) {
            boolean ready;
            try {
                ready = c.ready().getAsBoolean();
            } catch (RuntimeException e) {
                ready = false; // a check that cannot tell is not ready
            }
            if (!ready) {
                down.add(c.name());
            }
        }
        return down;
    }
}
