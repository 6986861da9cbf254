package dev.blueprint.runtime.exec;

import dev.blueprint.api.Component;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connects one component to the queues of its bindings: an output port for each stream it declares or is bound
 * from, the queues bound to its inputs, its counters and meters, its context, and the runner that drives it.
 */
final class ComponentWiring {
    private ComponentWiring() {
    }

    /**
     * The runner of {@code component} (declared as {@code c}) in {@code pipeline}, whose bindings are {@code queues};
     * {@code wakeup} is the one its input queues signal; {@code handedOver} when it comes running from a previous
     * pipeline.
     */
    static ComponentRunner runner(ComponentDecl c, Component component, Pipeline pipeline, List<BindingQueue> queues, Wakeup wakeup,
            boolean handedOver) {
        ComponentCounters counters = new ComponentCounters(c.name(), c.type());
        Handling handling = new Handling();
        Map<String, OutputPort> outputs = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>(c.streams().outputNames());
        queues.stream().filter(q -> q.binding().fromComponent().equals(c.name())).forEach(q -> names.add(q.binding().fromStream()));
        for (String stream : names) {
            List<BindingQueue> targets = queues.stream()
                    .filter(q -> q.binding().fromComponent().equals(c.name()) && q.binding().fromStream().equals(stream)).toList();
            outputs.put(stream, new OutputPort(stream, counters, targets, handling));
        }
        List<BindingQueue> in = queues.stream().filter(q -> q.binding().toComponent().equals(c.name())).toList();
        Set<String> boundInputs = new LinkedHashSet<>();
        in.forEach(q -> boundInputs.add(q.binding().toStream()));
        RunnerContext context = new RunnerContext(c.name(), pipeline, counters, outputs, Set.copyOf(boundInputs), handling);
        InputSet inputs = new InputSet(in, wakeup);
        counters.processingTimer(pipeline.meters().component(counters, s -> inputs.droppedByOverflow() + inputs.notDelivered()));
        return new ComponentRunner(c, component, context, inputs, counters, pipeline, handedOver);
    }
}
