package dev.blueprint.runtime.validate;

import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.yaml.Location;
import java.util.Map;

/**
 * The components of a blueprint once resolved.
 *
 * @param valid each component whose type and config are valid, by name, in file order
 * @param declared every name declared, valid or not, with where: a binding naming a component declared with an error
 *     is not reported a second time as naming an unknown one
 */
record ResolvedComponents(Map<String, ComponentDecl> valid, Map<String, Location> declared) {
}
