package dev.blueprint.components.process;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code request_metrics} of a {@code Process}: how its per-request meters are named and labelled.
 *
 * @param name the meters' prefix
 * @param labels label name to a jq expression on the request record giving its value
 * @param errorCode jq on the last line of an answer: the error code when the request failed, null or empty when it did not
 */
public record RequestMetricsConfig(
        @Doc("Prefix of the meters (default process_request): NAME_duration_seconds (histogram of the time from handing a "
                + "request to a worker to the last line of its answer; its _count is the requests), NAME_errors_total by code, "
                + "NAME_answer_lines_total (lines streamed: tokens, for a streaming model).") String name,
        @Doc("Labels of every meter, each a jq expression on the request record, e.g. {function: .function, tenant: .tenant_id} "
                + "(default none). At most 100 label combinations are kept per component; more are counted as \"other\", so "
                + "that clients cannot grow the metrics without bound.") Map<String, String> labels,
        @Doc("jq on the last line of an answer giving its error code, or null when it succeeded (default "
                + "'if .type == \"error\" then (.code // \"error\") else null end', the shape of Process's own error answers).")
        String errorCode) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    static final String DEFAULT_ERROR_CODE = "if .type == \"error\" then (.code // \"error\") else null end";

    public RequestMetricsConfig {
        name = name == null ? "process_request" : name;
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("request_metrics.name", "must be lower case letters, digits and _, e.g. websocket_query; was '" + name + "'");
        }
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        for (String label : labels.keySet()) {
            if (!NAME.matcher(label).matches() || label.equals("component") || label.equals("code") || label.equals("le")) {
                throw new ConfigException("request_metrics.labels", "label '" + label
                        + "' must be lower case letters, digits and _, and not component, code or le");
            }
        }
        errorCode = errorCode == null ? DEFAULT_ERROR_CODE : errorCode;
    }

    /** What a Process measures when the blueprint does not say. */
    static RequestMetricsConfig defaults() {
        return new RequestMetricsConfig(null, null, null);
    }
}
