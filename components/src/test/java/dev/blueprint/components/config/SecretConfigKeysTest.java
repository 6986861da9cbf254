package dev.blueprint.components.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Redaction;
import dev.blueprint.runtime.registry.ComponentRegistry;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Redaction follows the {@code @Secret} mark on config records, so every key that can hold a secret must carry it:
 * this walks the config record of every registered type and variant, nested records included.
 */
class SecretConfigKeysTest {
    /** Keys whose names look secret but hold none, each with the reason. */
    private static final Map<String, String> NOT_SECRETS = Map.of();

    @Test
    void everyConfigKeyThatLooksSecretIsMarkedSecret() {
        List<String> unmarked = new ArrayList<>();
        TreeSet<String> marked = new TreeSet<>();
        for (ComponentProvider<?> p : ComponentRegistry.load(List.of()).all()) {
            walk(p.configType(), unmarked, marked, new TreeSet<>());
        }
        assertThat(unmarked).as("config keys that look secret but are not marked @Secret (or listed in NOT_SECRETS)").isEmpty();
        assertThat(marked).contains("AuthConfig.tokens", "AuthConfig.secret", "AuthConfig.tenants", "AdminConfig.token", "TlsConfig.password");
    }

    @Test
    void markedKeysAreRedactedWhateverTheyAreCalledAndListsWhole() {
        record Inner(@dev.blueprint.api.Secret String plain, String visible) {
        }
        record Outer(@dev.blueprint.api.Secret List<String> allowed, List<Inner> inners, String url) {
        }
        ObjectNode bound = JsonNodeFactory.instance.objectNode();
        bound.putArray("allowed").add("tok-1").add("tok-2");
        bound.putArray("inners").addObject().put("plain", "hunter2").put("visible", "shown");
        bound.put("url", "redis://user:pw@host:6379/0");
        Redaction.redactConfig(Outer.class, bound);
        assertThat(bound.toString()).isEqualTo("{\"allowed\":\"(redacted)\",\"inners\":[{\"plain\":\"(redacted)\",\"visible\":\"shown\"}],"
                + "\"url\":\"redis://user:***@host:6379/0\"}");
    }

    @Test
    void aLoggedConfigShowsMarkedKeysAsStars() {
        record Inner(@dev.blueprint.api.Secret String plain, String visible) {
        }
        record Outer(@dev.blueprint.api.Secret List<String> allowed, List<Inner> inners, String url) {
        }
        Outer config = new Outer(List.of("tok-1"), List.of(new Inner("hunter2", "shown")), "amqp://u:pw@host/");
        assertThat(Redaction.describe(config)).isEqualTo("Outer[allowed=***, inners=[Inner[plain=***, visible=shown]], url=amqp://u:***@host/]");
    }

    private static void walk(Class<?> type, List<String> unmarked, TreeSet<String> marked, TreeSet<String> seen) {
        if (type == null || !type.isRecord() || !seen.add(type.getName())) {
            return;
        }
        for (RecordComponent rc : type.getRecordComponents()) {
            String name = type.getSimpleName() + "." + Redaction.keyOf(rc);
            if (Redaction.isMarkedSecret(rc)) {
                marked.add(name);
            } else if (Redaction.looksSecret(Redaction.keyOf(rc)) && !NOT_SECRETS.containsKey(name)) {
                unmarked.add(name);
            }
            walk(nested(rc.getGenericType()), unmarked, marked, seen);
        }
    }

    private static Class<?> nested(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return nested(args[args.length - 1]);
        }
        return null;
    }

}
