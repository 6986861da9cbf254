package dev.blueprint.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.inspect.PipelineRates;
import dev.blueprint.runtime.inspect.RecentErrors;
import dev.blueprint.api.Redaction;
import dev.blueprint.runtime.inspect.Tap;
import dev.blueprint.runtime.inspect.TapRedaction;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.Map;

/** The JSON the pipeline page, {@code blueprint top} and scripts read. */
final class PipelineJson {
    /** Configs as a blueprint writes them: snake_case keys, units as text, enum values in lower case. */
    private static final ObjectMapper CONFIG = BlueprintJson.config().copy()
            .configure(com.fasterxml.jackson.databind.cfg.EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true);
    static final ObjectMapper MAPPER = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private PipelineJson() {
    }

    /** The graph: the system's name, its components (name, type, config) and its bindings. */
    static String graph(Pipeline pipeline) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("system", pipeline.blueprint().name());
        if (pipeline.blueprint().description() != null) {
            root.put("description", pipeline.blueprint().description());
        }
        ArrayNode components = root.putArray("components");
        for (ComponentDecl c : pipeline.blueprint().components()) {
            ObjectNode n = components.addObject();
            n.put("name", c.name());
            n.put("type", c.type());
            n.set("config", config(c));
        }
        ArrayNode bindings = root.putArray("bindings");
        for (BindingDecl b : pipeline.blueprint().bindings()) {
            ObjectNode n = bindings.addObject();
            n.put("label", b.label());
            n.put("from", b.fromComponent());
            n.put("from_stream", b.fromStream());
            n.put("to", b.toComponent());
            n.put("to_stream", b.toStream());
            n.put("capacity", b.capacity());
            n.put("overflow", b.overflow().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return root.toString();
    }

    /**
     * Counters and rates of one moment, with the run's state; {@code generation} grows each time a reload replaced the
     * pipeline, telling pages to fetch the graph again.
     */
    static String stats(Pipeline pipeline, PipelineRates.Snapshot snapshot, int pages, int generation) {
        ObjectNode root = MAPPER.valueToTree(snapshot);
        root.put("system", pipeline.blueprint().name());
        root.put("state", pipeline.isStopping() ? "stopping" : "running");
        root.put("live_pages", pages);
        root.put("generation", generation);
        return root.toString();
    }

    /**
     * One component: its config, the last records of each output (turning their taps on), its last errors. Records are
     * shown through {@code system.tap_redact}: the ops port may be reachable by more people than the data; a record kept
     * as an excerpt (over a few KiB) says {@code "cut": true}.
     */
    static String component(Pipeline pipeline, ComponentDecl c) {
        TapRedaction hide = pipeline.blueprint().tapRedact();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", c.name());
        root.put("type", c.type());
        root.set("config", config(c));
        ObjectNode outputs = root.putObject("outputs");
        for (Map.Entry<String, Tap> e : pipeline.taps(c.name()).entrySet()) {
            e.getValue().watch();
            ArrayNode records = outputs.putArray(e.getKey());
            for (Tap.Sample r : e.getValue().recent()) {
                ObjectNode n = records.addObject();
                n.put("sequence", r.sequence());
                n.put("time", r.created().toString());
                n.set("value", hide.apply(r.value()));
                if (r.cut()) {
                    n.put("cut", true);
                }
            }
        }
        ArrayNode errors = root.putArray("errors");
        for (RecentErrors.Entry e : pipeline.recentErrors(c.name())) {
            ObjectNode n = errors.addObject();
            n.put("time", e.time().toString());
            n.put("kind", e.kind());
            n.put("message", e.message());
            n.set("record", hide.apply(e.record()));
            if (e.cut()) {
                n.put("cut", true);
            }
        }
        return root.toString();
    }

    /**
     * The config as bound, redacted (components marked secret, secret-looking keys, URL passwords: the ops port may be
     * reachable by more people than the blueprint); a variant's config starts with its {@code variant}, which its
     * record does not hold.
     */
    private static JsonNode config(ComponentDecl c) {
        JsonNode bound = CONFIG.valueToTree(c.config());
        Redaction.redactConfig(c.config() == null ? null : c.config().getClass(), bound);
        if (c.provider() instanceof VariantProvider<?> v && bound instanceof ObjectNode fields) {
            ObjectNode config = MAPPER.createObjectNode().put("variant", v.variant());
            config.setAll(fields);
            return config;
        }
        return bound;
    }
}
