package dev.blueprint.components.process;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** The {@code Process} type: external programs as long-lived workers speaking JSON lines. */
public final class ProcessProvider implements ComponentProvider<ProcessConfig> {
    @Override
    public String type() {
        return "Process";
    }

    @Override
    public String description() {
        return "Runs an external program as a pool of long-lived workers: each record is written to a worker's stdin as a "
                + "JSON line, each JSON line it prints is an output record; crashes and timeouts answer error records.";
    }

    @Override
    public Class<ProcessConfig> configType() {
        return ProcessConfig.class;
    }

    @Override
    public Streams streams(ProcessConfig config) {
        return Streams.processor("output");
    }

    @Override
    public List<ConfigProblem> check(ProcessConfig config) {
        return JqExpression.problem("end_when", config.endWhen()).stream().toList();
    }

    @Override
    public Component create(ProcessConfig config) {
        return new ProcessComponent(config);
    }
}
