package dev.blueprint.runtime.model;

import dev.blueprint.runtime.inspect.TapRedaction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated blueprint, ready to run.
 *
 * @param file the file it came from
 * @param name the system's name
 * @param description optional description
 * @param components components in file order
 * @param bindings bindings in file order
 * @param shutdownGracePeriod how long graceful shutdown may take before threads are interrupted
 * @param http {@code system.http}: where the run serves its ops endpoints; {@link OpsSetting#UNSET} when the
 *     blueprint does not say ({@code blueprint run --http} or the default decides)
 * @param tapRedact {@code system.tap_redact}: what is hidden in the records the ops API and page show
 */
public record Blueprint(
        String file,
        String name,
        String description,
        List<ComponentDecl> components,
        List<BindingDecl> bindings,
        Duration shutdownGracePeriod,
        OpsSetting http,
        TapRedaction tapRedact) {

    public Blueprint {
        java.util.Objects.requireNonNull(http, "http: OpsSetting.UNSET when the blueprint does not say");
        tapRedact = tapRedact == null ? TapRedaction.of(null) : tapRedact;
    }

    /** A blueprint with the default {@code tap_redact}. */
    public Blueprint(String file, String name, String description, List<ComponentDecl> components, List<BindingDecl> bindings,
            Duration shutdownGracePeriod, OpsSetting http) {
        this(file, name, description, components, bindings, shutdownGracePeriod, http, null);
    }

    /** A blueprint that leaves the ops address to whoever runs it. */
    public Blueprint(String file, String name, String description, List<ComponentDecl> components, List<BindingDecl> bindings,
            Duration shutdownGracePeriod) {
        this(file, name, description, components, bindings, shutdownGracePeriod, OpsSetting.UNSET, null);
    }

    /** Default {@code shutdown_grace_period}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** The component called {@code name}. */
    public Optional<ComponentDecl> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
