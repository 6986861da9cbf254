package dev.blueprint.api;

/**
 * A component that can outlive its pipeline when the blueprint is reloaded ({@code blueprint run --watch})
 * with this component's type, config and bindings unchanged: a server keeps its port and its clients stay
 * connected while the components around it restart.
 *
 * <p>When the old pipeline stops, a kept component gets {@link #detach()} instead of {@link #stop()} and
 * {@link #close()}; the new pipeline then calls {@link #attach(ComponentContext)} on the same instance instead
 * of {@link #start(ComponentContext)}, and runs it as usual ({@link #run()} or {@link #onRecord}). A component
 * that is not kept is stopped and closed as always.
 */
public interface Reloadable extends Component {

    /**
     * The pipeline this component runs in is stopping, and the component will be handed to the next one:
     * make {@link #run()} return, keep sockets and clients, and expect {@link #attach} (or {@link #close()},
     * when the handover is abandoned). Called from the shutdown thread; must return quickly.
     */
    void detach();

    /**
     * Resumes in a new pipeline, whose outputs and counters {@code context} offers from now on. Called on the
     * component's new thread, in place of {@link #start}. Throwing fails the new pipeline's start.
     */
    void attach(ComponentContext context) throws Exception;
}
