package dev.blueprint.components.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;

/** Turns the config into a configured {@link SocketServer}: draft (frame limit, compression) and TLS. */
final class ServerBuilder {
    private final WebSocketConfig config;
    private final String name;

    ServerBuilder(WebSocketConfig config, String name) {
        this.config = config;
        this.name = name;
    }

    SocketServer build(HandshakeGate gate, ConnectionRegistry registry, WebSocketMetrics metrics, SocketServer.Listener listener)
            throws IOException, GeneralSecurityException {
        List<IExtension> extensions = config.compression() ? List.of(new PerMessageDeflateExtension()) : List.of();
        Draft draft = new Draft_6455(extensions, (int) config.maxMessageSize().bytes());
        SocketServer server = new SocketServer(name, new InetSocketAddress(config.host(), config.port()), List.of(draft),
                gate, registry, metrics, listener, new MessageRateLimit(config.maxMessageRate()));
        WebSocketServerFactory base = config.tls() == null ? new DefaultWebSocketServerFactory()
                : new DefaultSSLWebSocketServerFactory(sslContext(config.tls()));
        server.setWebSocketFactory(new TrackingServerFactory(base));
        return server;
    }

    private static SSLContext sslContext(TlsConfig tls) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        char[] password = tls.password().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(tls.keystore()))) {
            keyStore.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
