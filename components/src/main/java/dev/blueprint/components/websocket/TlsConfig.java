package dev.blueprint.components.websocket;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Secret;

/**
 * TLS settings: a PKCS12 keystore holding the server's key and certificate.
 *
 * @param keystore path of the PKCS12 file
 * @param password password of the keystore and of the key in it
 */
public record TlsConfig(
        @Doc("Path of the PKCS12 keystore with the server key and certificate.") String keystore,
        @Doc("Password of the keystore (and of the key in it).") @Secret String password) {

    public TlsConfig {
        if (keystore == null || keystore.isBlank()) {
            throw new ConfigException("tls.keystore", "is required: the path of a PKCS12 keystore (.p12)");
        }
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", password=***]";
    }
}
