package dev.blueprint.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The parts of the blueprint schema that are the format's own, not a component type's: the system, a component
 * (its {@code config} checked against its type's config schema) and a binding. They mirror what
 * {@code BlueprintLoader} accepts.
 */
final class SchemaSkeleton {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaSkeleton() {
    }

    /** {@code system:} name, description, shutdown_grace_period, http, tap_redact, components, bindings. */
    static ObjectNode system() {
        ObjectNode s = JSON.objectNode().put("type", "object").put("additionalProperties", false);
        s.putArray("required").add("name").add("components");
        ObjectNode p = s.putObject("properties");
        p.putObject("name").put("type", "string").put("description", "The system's name, used in logs and as the default consumer group.");
        p.putObject("description").put("type", "string");
        p.putObject("shutdown_grace_period").put("description", "How long Ctrl-C/SIGTERM may take to drain (default 30s).")
                .set("anyOf", JSON.arrayNode().add(JSON.objectNode().put("type", "number").put("minimum", 0))
                        .add(JSON.objectNode().put("type", "string")));
        ObjectNode address = JSON.objectNode().put("type", "string").put("pattern", "^(off|false|.*:[0-9]+)$");
        ObjectNode withHosts = JSON.objectNode().put("type", "object").put("additionalProperties", false);
        withHosts.putObject("properties").<ObjectNode>set("address", address.deepCopy()).putObject("allowed_hosts").put("type", "array")
                .put("description", "Host names answered besides localhost and IP addresses (DNS rebinding guard); .example.com takes "
                        + "the subdomains.").putObject("items").put("type", "string");
        p.putObject("http").put("description", "Where the run serves its pipeline page, /metrics, /health and /ready: HOST:PORT, :PORT "
                + "or off (default 127.0.0.1:4195; blueprint run --http overrides), or {address: HOST:PORT, allowed_hosts: [...]}.")
                .set("anyOf", JSON.arrayNode().add(address).add(withHosts));
        p.putObject("tap_redact").put("type", "array")
                .put("description", "What the ops API and pipeline page hide in the records they show: fields whose name contains one of "
                        + "these words (any case, any depth), and card numbers with the word card_numbers. Default [password, secret, "
                        + "token, authorization, card_numbers]; [] shows records as they are.")
                .putObject("items").put("type", "string");
        p.putObject("components").put("type", "array").put("minItems", 1).putObject("items").put("$ref", "#/$defs/component");
        p.putObject("bindings").put("type", "array").putObject("items").put("$ref", "#/$defs/binding");
        return s;
    }

    /** A component; {@code refs} holds each type's config schema reference, by type name. */
    static ObjectNode component(Map<String, ObjectNode> refs) {
        ObjectNode c = JSON.objectNode().put("type", "object").put("additionalProperties", false);
        c.putArray("required").add("name").add("type");
        ObjectNode p = c.putObject("properties");
        p.putObject("name").put("type", "string").put("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$")
                .put("description", "Unique: letters, digits, _ and -.");
        ArrayNode types = p.putObject("type").put("description", "The component type (see `blueprint components`).").putArray("enum");
        refs.keySet().forEach(types::add);
        p.putObject("description").put("type", "string");
        p.putObject("config").put("description", "The type's config keys; every key has a default.")
                .putArray("type").add("object").add("null");
        ArrayNode allOf = c.putArray("allOf");
        refs.forEach((type, ref) -> {
            ObjectNode rule = allOf.addObject();
            ObjectNode when = rule.putObject("if");
            when.putObject("properties").putObject("type").put("const", type);
            when.putArray("required").add("type");
            ArrayNode anyOf = rule.putObject("then").putObject("properties").putObject("config").putArray("anyOf");
            anyOf.add(ref);
            anyOf.addObject().put("type", "null");
        });
        return c;
    }

    /** A binding, in the long form or the from/to shorthand. */
    static ObjectNode binding() {
        ObjectNode b = JSON.objectNode().put("type", "object").put("additionalProperties", false)
                .put("description", "from_component/to_component/stream_name (from_stream optional), or from: a.output, to: b.input.");
        ObjectNode p = b.putObject("properties");
        for (String key : List.of("from_component", "to_component", "stream_name", "from_stream", "from", "to")) {
            p.putObject(key).put("type", "string");
        }
        p.putObject("capacity").put("type", "integer").put("minimum", 1).put("maximum", 1 << 24).put("default", 1024);
        p.putObject("overflow").put("default", "block").putArray("enum").add("block").add("drop_oldest").add("drop_newest");
        ArrayNode oneOf = b.putArray("anyOf");
        oneOf.addObject().putArray("required").add("from").add("to");
        oneOf.addObject().putArray("required").add("from_component").add("to_component");
        return b;
    }
}
