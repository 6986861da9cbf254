package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesWssWithAKeystoreGeneratedAtTestTime() throws Exception {
        Path keystore = TestKeystore.generate(dir, "changeit");
        String tls = "tls: {keystore: \"" + keystore + "\", password: changeit}\nheartbeat_interval: 0";
        try (var ws = new WebSocketHarness(dir, tls)) {
            SSLContext trust = TestKeystore.trusting(keystore, "changeit");
            String url = "wss://127.0.0.1:" + ws.port + "/";
            WsTestClient a = WsTestClient.connect(url, Map.of(), trust);
            WsTestClient b = WsTestClient.connect(url, Map.of(), trust);
            ws.awaitConnections(2); // a broadcast reaches only the clients the server has counted in
            a.send("{\"secure\":true}");
            assertThat(b.awaitMessages(1)).containsExactly("{\"secure\":true}");
            assertThat(a.awaitMessages(1)).containsExactly("{\"secure\":true}");
            assertThat(ws.awaitReports(1).get(0).get("broadcast_to").asInt()).isEqualTo(2);
            a.close();
            b.close();
        }
    }

    /** A self-signed PKCS12 keystore made with keytool, and a client context that trusts it. */
    static final class TestKeystore {
        private TestKeystore() {
        }

        static Path generate(Path dir, String password) throws Exception {
            Path file = dir.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return file;
        }

        static SSLContext trusting(Path keystore, String password) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, password.toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", ks.getCertificate("server"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        }
    }
}
