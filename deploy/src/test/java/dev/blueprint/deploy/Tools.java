package dev.blueprint.deploy;

import dev.blueprint.testing.Tool;
import org.junit.jupiter.api.Assumptions;

/**
 * Root, which the deployment tests need beside their programs ({@link Tool}): missing on a developer's machine, the
 * test is skipped with the reason; in CI ({@code CI=true}) it fails, so coverage cannot quietly drop.
 */
final class Tools {
    private Tools() {
    }

    static void requireRoot(String why) {
        if (!"root".equals(System.getProperty("user.name"))) {
            if (Tool.inCi()) {
                throw new AssertionError("CI=true and not root: " + why);
            }
            Assumptions.abort("not root: " + why);
        }
    }
}
