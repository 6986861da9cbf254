package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code joining} processor.
 *
 * @param key jq matching key; without it both sides are merged and tagged as they arrive
 * @param window how long a record waits for its match
 */
public record JoiningConfig(
        @Doc("jq expression giving a record's key; records of left and right with equal keys are paired. Absent: both "
                + "sides are merged as they arrive, each tagged with its side.") String key,
        @Doc("With key: how long a record waits for its match before it goes to unmatched.") Duration window) {

    public JoiningConfig {
        window = window == null ? Duration.ofSeconds(10) : window;
        Positive.check("window", window);
    }
}
