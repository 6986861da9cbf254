package dev.blueprint.deploy;

import dev.blueprint.testing.Tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb installed with dpkg into a fresh Debian bookworm chroot that has systemd and no Java, as on a server:
 * it runs a blueprint on its own runtime, and systemd-analyze verifies its unit there.
 */
class DebPackageIT {
    private static Path chroot;

    @BeforeAll
    static void installIntoAFreshChroot() throws IOException {
        Tools.requireRoot("dpkg installs into a chroot");
        Tool.MMDEBSTRAP.require();
        Tool.SYSTEMD_ANALYZE.require();
        Tool.DPKG_DEB.require();
        Path deb;
        try (Stream<Path> files = Files.list(Deployment.target())) {
            deb = files.filter(p -> p.getFileName().toString().endsWith("_amd64.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + Deployment.target() + ": package.sh needs dpkg-deb"));
        }
        String rootfs = Command.run(Duration.ofMinutes(5), List.of("bash", Deployment.root().resolve("deploy/base-image.sh").toString(),
                "--systemd-rootfs")).orFail().stdout().trim();
        chroot = Files.createTempDirectory("blueprint-deb-chroot");
        Command.run(Duration.ofMinutes(2), List.of("tar", "-xf", rootfs, "-C", chroot.toString())).orFail();
        Files.copy(deb, chroot.resolve("tmp/blueprint.deb"));
        Command.run(Duration.ofMinutes(2), List.of("chroot", chroot.toString(), "dpkg", "-i", "/tmp/blueprint.deb")).orFail();
    }

    @AfterAll
    static void removeChroot() {
        if (chroot != null) {
            Command.run(Duration.ofMinutes(1), List.of("rm", "-rf", "--one-file-system", chroot.toString()));
        }
    }

    @Test
    void installedBlueprintRunsHelloOnItsOwnRuntimeWhereThereIsNoJava() {
        assertThat(inChroot("sh", "-c", "command -v java || echo no-java").orFail().stdout().trim()).isEqualTo("no-java");
        Command.Result hello = Command.run(Duration.ofMinutes(2), List.of("unshare", "--mount", "--pid", "--fork",
                "--mount-proc=" + chroot.resolve("proc"), "chroot", chroot.toString(),
                "blueprint", "run", "/usr/share/blueprint/blueprints/hello.yaml", "--http", "off"));
        assertThat(hello.exitCode()).as(hello.toString()).isZero();
        assertThat(hello.stdout().lines().toList()).as(hello.toString()).hasSize(5).first().asString().contains("\"greeting\":\"hello #1\"");
    }

    @Test
    void packageInstallsTheCommandExamplesAndSystemdUnit() {
        assertThat(chroot.resolve("usr/bin/blueprint")).isSymbolicLink();
        assertThat(chroot.resolve("usr/lib/blueprint/runtime/bin/java")).isExecutable();
        assertThat(chroot.resolve("usr/share/blueprint/blueprints/token-stream.yaml")).isRegularFile();
        assertThat(chroot.resolve("lib/systemd/system/blueprint@.service")).isRegularFile();
        assertThat(chroot.resolve("etc/blueprint")).isDirectory();
        assertThat(inChroot("dpkg-query", "-W", "-f", "${Status}", "blueprint").orFail().stdout()).isEqualTo("install ok installed");
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWord() {
        // verify exits 0 on an unknown key too (it only warns), so its output must be empty as well
        Command.Result verify = Command.run(Duration.ofMinutes(1), List.of("systemd-analyze", "verify", "--root=" + chroot,
                "--man=no", "blueprint@orders.service"));
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.stdout() + verify.stderr()).as(verify.toString()).isBlank();
    }

    private static Command.Result inChroot(String... command) {
        return Command.run(Duration.ofMinutes(1), Stream.concat(Stream.of("chroot", chroot.toString()), Stream.of(command)).toList());
    }
}
