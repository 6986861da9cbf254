package dev.blueprint.components.router;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** Tries the routes in order and forwards each record, unchanged, to the first that matches. */
final class RouterComponent implements Component {
    private final RouterConfig config;
    private final List<Route> routes = new ArrayList<>();
    private ComponentContext context;
    private Output unmatched;

    RouterComponent(RouterConfig config) {
        this.config = config;
    }

    private record Route(String name, JqExpression condition, Output output) {
    }

    @Override
    public void start(ComponentContext context) throws JsonQueryException {
        this.context = context;
        for (Map.Entry<String, String> r : config.routes().entrySet()) {
            routes.add(new Route(r.getKey(), JqExpression.compile(r.getValue()), context.output(r.getKey())));
        }
        this.unmatched = context.output(RouterConfig.UNMATCHED);
    }

    @Override
    public void onRecord(String input, Record record) {
        for (Route route : routes) {
            boolean matches;
            try {
                matches = route.condition().test(record);
            } catch (JsonQueryException | RuntimeException e) {
                context.reportError(record, "jq_error",
                        new IllegalArgumentException("route '" + route.name() + "' (" + route.condition() + "): " + e.getMessage(), e));
                return;
            }
            if (matches) {
                route.output().send(record);
                return;
            }
        }
        unmatched.send(record);
    }
}
