package dev.blueprint.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A program some tests need beside Java: a broker they start themselves, a browser, a checker. A test asks
 * for it with {@link #require()}: when it is missing the test is skipped with a one-line reason (and counted
 * in the {@link SkipSummary}), except in CI ({@code CI=true}), where a missing tool fails the test so that
 * coverage cannot quietly drop. The root {@code ./test} script installs the same list on Debian.
 */
public enum Tool {
    REDIS("redis-server", "redis-server"),
    MOSQUITTO("mosquitto", "mosquitto"),
    NATS("nats-server", "nats-server"),
    RABBITMQ("rabbitmq-server", "rabbitmq-server"),
    // PostgreSQL's server and initdb, which Debian keeps in /usr/lib/postgresql/<major>/bin
    POSTGRES("postgres", "postgresql"),
    INITDB("initdb", "postgresql"),
    // the Kafka benchmarks' baseline client (the broker itself runs from its Maven jars)
    KCAT("kcat", "kcat"),
    PYTHON3("python3", "python3"),
    PROMTOOL("promtool", "prometheus"),
    CHROMIUM("chromium", "chromium"),
    CHROMEDRIVER("chromedriver", "chromium-driver"),
    // the deployment tests (deploy/): the image, the .deb's chroot, the systemd unit
    PODMAN("podman", "podman"),
    RUNC("runc", "runc"),
    MMDEBSTRAP("mmdebstrap", "mmdebstrap"),
    SYSTEMD_ANALYZE("systemd-analyze", "systemd"),
    DPKG_DEB("dpkg-deb", "dpkg");

    /** Where Debian puts daemons and helpers, often not on a user's PATH. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/lib/rabbitmq/bin");

    private final String binary;
    private final String debianPackage;

    Tool(String binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
    }

    /** The program's name, e.g. {@code mosquitto}. */
    public String binary() {
        return binary;
    }

    /** Why a test needing it is skipped: {@code no mosquitto binary (apt-get install mosquitto)}. */
    public String missingReason() {
        return "no " + binary + " binary (apt-get install " + debianPackage + ")";
    }

    /**
     * The program's path, searched on PATH and in the sbin directories; empty when it is not installed, or
     * hidden with {@code BLUEPRINT_TEST_HIDE=mosquitto,promtool} (to see what a machine without it skips).
     */
    public Optional<Path> find() {
        if (List.of(System.getenv().getOrDefault("BLUEPRINT_TEST_HIDE", "").split(",")).contains(binary)) {
            return Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(Stream.of(path.split(":")).filter(d -> !d.isEmpty()), EXTRA_DIRS.stream(), postgresDirs())
                .flatMap(s -> s).map(d -> Path.of(d, binary)).filter(Files::isExecutable).findFirst();
    }

    /** Debian's /usr/lib/postgresql/<major>/bin, newest major first. */
    private static Stream<String> postgresDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Stream.empty();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.map(m -> m.resolve("bin")).filter(Files::isDirectory).map(Path::toString)
                    .sorted(java.util.Comparator.comparing((String d) -> d.length()).thenComparing(d -> d).reversed()).toList().stream();
        } catch (java.io.IOException e) {
            return Stream.empty();
        }
    }

    /**
     * The program's path; when it is missing, skips the calling test (outside CI) or fails it (with
     * {@code CI=true}), naming what to install.
     */
    public Path require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            if (inCi()) {
                throw new AssertionError(missingReason() + "; CI=true makes a missing tool a failure, not a skip");
            }
            Assumptions.abort(missingReason());
        }
        return found.get();
    }

    /** Whether this is a CI run ({@code CI=true}), where nothing may be skipped for a missing tool. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
