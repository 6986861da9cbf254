package dev.blueprint.components.testkit;

import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own: a cluster made by {@code initdb} in {@code dir} (trust authentication
 * on loopback, user {@code postgres}), run by {@code postgres} in the foreground on a port of its own and with
 * its unix socket in {@code dir}, never the machine's. The server cannot run as root, so when the test runs as
 * root it runs as the {@code postgres} system user, and the folders above {@code dir} are made traversable.
 * It is listening once its {@code postmaster.pid} says {@code ready}, on the port written there.
 */
public final class PostgresTestServer extends TestBroker {
    private final Path initdb;

    /** Creates a cluster in {@code dir} and starts its server. */
    public PostgresTestServer(Path dir) {
        super(Tool.POSTGRES, dir);
        this.initdb = Tool.INITDB.require();
        initialize();
        startOnAnyPort();
    }

    /** The JDBC URL of database {@code postgres} as user {@code postgres}. */
    @Override
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres";
    }

    /** A new connection to the server; close it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    private boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void initialize() {
        try {
            if (asRoot()) {
                for (Path p = dir; p != null && !p.equals(Path.of("/tmp")) && p.getNameCount() > 1; p = p.getParent()) {
                    // traverse only (no listing) for the postgres user, on the test's own temp folders
                    if (Files.getOwner(p).getName().equals("root") && p.toString().startsWith(System.getProperty("java.io.tmpdir"))) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
                    }
                }
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            run(asUser(List.of(initdb.toString(), "-D", data().toString(), "-U", "postgres", "-A", "trust", "--no-sync",
                    "-E", "UTF8", "--locale=C.UTF-8")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private List<String> asUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        cmd.addAll(command);
        return cmd;
    }

    private void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ProcessBuilder launch(int port) {
        // fsync off: a test's server need not survive a power cut, and the suite's disk is shared
        return new ProcessBuilder(asUser(List.of(binary.toString(), "-D", data().toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir, "-c", "fsync=off",
                "-c", "max_connections=50", "-c", "shared_buffers=16MB")));
    }

    /**
     * Stops the server with a fast shutdown (SIGINT: sessions are ended, data is saved); SIGTERM would wait for
     * every client to disconnect.
     */
    @Override
    public void stop() {
        Process p = process();
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected boolean listening(Process started) throws IOException {
        // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shm key, status
        Path pid = data().resolve("postmaster.pid");
        if (!Files.isReadable(pid)) {
            return false;
        }
        List<String> lines = Files.readAllLines(pid);
        return lines.size() >= 8 && lines.get(0).trim().equals(String.valueOf(started.pid())) && lines.get(7).trim().equals("ready");
    }

    @Override
    protected int boundPort(Process started) throws IOException {
        return Integer.parseInt(Files.readAllLines(data().resolve("postmaster.pid")).get(3).trim());
    }
}
