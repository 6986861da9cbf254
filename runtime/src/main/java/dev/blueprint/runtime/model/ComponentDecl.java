package dev.blueprint.runtime.model;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.yaml.Location;

/**
 * A component of a validated blueprint: its declaration, its type's provider and its bound config.
 *
 * @param name unique name
 * @param type type name
 * @param provider the provider of the type
 * @param config the bound config record
 * @param streams the component's streams for that config
 * @param location where the component is declared
 */
public record ComponentDecl(
        String name,
        String type,
        ComponentProvider<java.lang.Record> provider,
        java.lang.Record config,
        Streams streams,
        Location location) {
}
