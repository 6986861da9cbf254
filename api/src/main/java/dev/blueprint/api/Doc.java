package dev.blueprint.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a config key for {@code blueprint components} and the reference documentation. Put it on
 * a config record's components.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Doc {
    /** One or two sentences: what the key does and what values it takes. */
    String value();

    /**
     * For a key without a default (the record refuses to be built without it): a value that makes the
     * record valid: JSON when it parses as JSON ({@code "[\"sensors/#\"]"}, {@code "3"}), else the text itself
     * ({@code "data/in.jsonl"}). Documentation shows it,
     * and {@code blueprint components} binds it to show the other keys' defaults. Empty for keys that have
     * a default.
     */
    String example() default "";
}
