package dev.blueprint.deploy;

import dev.blueprint.testing.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs podman the way this machine kind needs it: runc (crun fails here on rlimits and hybrid cgroups), cgroupfs, and
 * explicit ulimits. Images are built from the repository's own Dockerfiles on a debian:bookworm-slim that
 * {@code deploy/base-image.sh} makes from Debian's packages when no registry is reachable.
 */
final class Podman {
    static final String IMAGE = "localhost/blueprint:it";
    static final String PYTHON_IMAGE = "localhost/blueprint:it-python";
    private static final List<String> ULIMITS = List.of("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096");
    private static boolean built;

    private Podman() {
    }

    /** Skips (or in CI fails) without podman, runc and root; makes the base image when it is missing. */
    static void requireWithBaseImage() {
        Tool.PODMAN.require();
        Tool.RUNC.require();
        Tools.requireRoot("rootful podman builds and runs the image");
        if (run(Duration.ofSeconds(30), "image", "exists", "docker.io/library/debian:bookworm-slim").exitCode() != 0) {
            Tool.MMDEBSTRAP.require();
            Command.run(Duration.ofMinutes(5), List.of("bash", Deployment.root().resolve("deploy/base-image.sh").toString())).orFail();
        }
    }

    /** Builds the image from the root Dockerfile and the python one on it, once per test JVM. */
    static synchronized void buildImages() {
        requireWithBaseImage();
        if (built) {
            return;
        }
        Deployment.distribution();
        Path root = Deployment.root();
        build(IMAGE, root, root.resolve("Dockerfile")).orFail();
        List<String> python = new ArrayList<>(List.of("build", "--quiet", "--format", "docker", "--build-arg", "BASE=" + IMAGE, "-t", PYTHON_IMAGE));
        python.addAll(ULIMITS);
        python.add(root.resolve("deploy/python").toString());
        run(Duration.ofMinutes(5), python.toArray(String[]::new)).orFail();
        built = true;
    }

    static Command.Result build(String tag, Path context, Path dockerfile) {
        List<String> args = new ArrayList<>(List.of("build", "--quiet", "--format", "docker", "-t", tag, "-f", dockerfile.toString()));
        args.addAll(ULIMITS);
        args.add(context.toString());
        return run(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    /** {@code podman run -d} with the ulimits; returns the container id. */
    static String start(String... runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(ULIMITS);
        args.addAll(List.of(runArgs));
        return run(Duration.ofMinutes(1), args.toArray(String[]::new)).orFail().stdout().trim();
    }

    /** {@code podman run --rm} with the ulimits, to its end. */
    static Command.Result runToEnd(Duration timeout, String... runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        args.addAll(ULIMITS);
        args.addAll(List.of(runArgs));
        return run(timeout, args.toArray(String[]::new));
    }

    /** The host port that {@code -p 127.0.0.1::PORT} published the container's PORT on, as podman reports it. */
    static int hostPort(String container, int containerPort) {
        // one line per published address, 127.0.0.1:PORT here
        String first = run(Duration.ofSeconds(30), "port", container, containerPort + "/tcp").orFail().stdout().lines().findFirst()
                .orElseThrow(() -> new AssertionError(container + " publishes no port for " + containerPort));
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1).trim());
    }

    static String logs(String container) {
        Command.Result r = run(Duration.ofSeconds(30), "logs", container);
        return r.stdout() + r.stderr();
    }

    static void remove(String container) {
        run(Duration.ofMinutes(1), "rm", "-f", "-t", "0", container);
    }

    static Command.Result run(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"));
        cmd.addAll(List.of(args));
        return Command.run(timeout, cmd);
    }
}
