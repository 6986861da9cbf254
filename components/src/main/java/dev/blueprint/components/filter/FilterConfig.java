package dev.blueprint.components.filter;

import dev.blueprint.api.Doc;

/**
 * Config of the {@code Filter} type.
 *
 * @param condition the jq expression a record must satisfy; absent means every record passes
 */
public record FilterConfig(
        @Doc("jq expression evaluated on each record; a truthy first result (not false, null or empty) passes it to output, "
                + "the others go to rejected. Absent: every record passes.") String condition) {
}
