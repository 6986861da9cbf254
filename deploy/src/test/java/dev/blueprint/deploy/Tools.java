package dev.blueprint.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The host tools a deployment test needs. Missing on a developer's machine, the test is skipped with what to install;
 * in CI ({@code CI=true}) a missing tool fails the test, so coverage cannot quietly drop.
 */
final class Tools {
    private Tools() {
    }

    static void require(String command, String install) {
        if (!onPath(command)) {
            missing("no " + command + " (" + install + ")");
        }
    }

    static void requireRoot(String why) {
        if (!"root".equals(System.getProperty("user.name"))) {
            missing("not root: " + why);
        }
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }

    private static void missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + reason + ": .ci/run installs it");
        }
        Assumptions.abort("skipped: " + reason);
    }
}
