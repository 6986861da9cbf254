package dev.blueprint.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and what `./mvnw -pl deploy package` built are. */
final class Deployment {
    private Deployment() {
    }

    static Path root() {
        return Path.of(System.getProperty("blueprint.root", "..")).toAbsolutePath().normalize();
    }

    static Path target() {
        return Path.of(System.getProperty("blueprint.deploy.target", "target")).toAbsolutePath().normalize();
    }

    static String version() {
        return System.getProperty("blueprint.version", "0.1.0-SNAPSHOT");
    }

    /** The unpacked distribution the Dockerfile copies (bin/, lib/, runtime/, blueprints/, LICENSE). */
    static Path distribution() {
        Path dist = target().resolve("blueprint");
        if (!Files.isExecutable(dist.resolve("bin/blueprint"))) {
            throw new AssertionError(dist + " is missing: run `./mvnw -pl deploy -am package` (package.sh builds it)");
        }
        return dist;
    }
}
