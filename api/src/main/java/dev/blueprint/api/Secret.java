package dev.blueprint.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a config record's component as holding a secret (a password, a token, a key, a list of them): the run
 * never shows its value. The ops API and pipeline page show {@code (redacted)} in its place, the JSON Schema marks
 * it {@code writeOnly}, and {@code blueprint components} names it a secret. A config record's {@code toString()},
 * which the run logs at DEBUG, must hide it too. Put it on every component that can hold a secret, whatever its
 * name: redaction follows this mark, not the key's spelling.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Secret {
}
