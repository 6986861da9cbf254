package dev.blueprint.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .tar.gz, unpacked as a user on another Linux would, and the jlinked runtime's module list. */
class DistributionIT {
    @Test
    void tarballUnpacksToBinLibBlueprintsLicenseAndRunsHelloWithoutAJdk(@TempDir Path dir) {
        Path tarball = Deployment.target().resolve("blueprint-" + Deployment.version() + "-linux-x86_64.tar.gz");
        Command.run(Duration.ofMinutes(2), List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString())).orFail();
        Path home = dir.resolve("blueprint-" + Deployment.version());
        assertThat(home.resolve("bin/blueprint")).isExecutable();
        assertThat(home.resolve("lib/blueprint.jar")).isRegularFile();
        assertThat(home.resolve("blueprints/hello.yaml")).isRegularFile();
        assertThat(home.resolve("LICENSE")).isRegularFile();
        // no java on the PATH and no JAVA_HOME: the bundled runtime is the one that runs
        Command.Result hello = Command.run(Duration.ofMinutes(2), Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "/nonexistent"),
                List.of(home.resolve("bin/blueprint").toString(), "run", home.resolve("blueprints/hello.yaml").toString(), "--http", "off"));
        assertThat(hello.exitCode()).as(hello.toString()).isZero();
        assertThat(hello.stdout().lines()).hasSize(5);
    }

    @Test
    void jlinkedRuntimeHasEveryModuleJdepsFindsExceptJavaDesktop() throws Exception {
        // package.sh leaves java.desktop out on purpose (only optional java.beans users); anything else jdeps finds
        // must be in the runtime, or some code path fails with NoClassDefFoundError in the image only
        Path jar = Deployment.distribution().resolve("lib/blueprint.jar");
        String jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps").toString();
        Command.Result found = Command.run(Duration.ofMinutes(3), List.of(jdeps, "--ignore-missing-deps", "--print-module-deps",
                "--multi-release", "17", jar.toString())).orFail();
        Set<String> needed = new TreeSet<>(Arrays.asList(found.stdout().trim().split(",")));
        needed.remove("java.desktop");
        Set<String> linked = new TreeSet<>(Arrays.asList(Files.readString(Deployment.target().resolve("runtime-modules.txt")).trim().split(",")));
        assertThat(linked).containsAll(needed);
        Command.Result listed = Command.run(Duration.ofMinutes(1),
                List.of(Deployment.distribution().resolve("runtime/bin/java").toString(), "--list-modules")).orFail();
        assertThat(listed.stdout()).doesNotContain("java.desktop").contains("jdk.unsupported@", "jdk.crypto.ec@");
    }
}
