package dev.blueprint.api;

/**
 * One variant of a component type that has several, such as {@code Source}, {@code Sink} and
 * {@code StreamProcessor}: a blueprint writes {@code type: Source} and chooses the variant with the
 * {@code variant} key of its {@code config} ({@code variant: mqtt}), or gets the type's default variant
 * without it. Each variant has its own config record, holding only its own keys; the {@code variant} key
 * itself is read by the loader and is not part of that record.
 *
 * <p>Variants register exactly like types, in {@code META-INF/services/dev.blueprint.api.ComponentProvider},
 * so a plugin jar adds a variant to a built-in type the same way it adds a type. {@link #type()} names the
 * type the variant belongs to; a type is either one plain {@link ComponentProvider} or a set of variants,
 * and exactly one variant of each type is its default.
 *
 * @param <C> the config record type
 */
public interface VariantProvider<C extends java.lang.Record> extends ComponentProvider<C> {

    /** The name blueprints write after {@code variant:}, in snake_case, e.g. {@code mqtt}. */
    String variant();

    /**
     * Whether a component of this type without a {@code variant} key gets this variant. Built-in types
     * have theirs; a plugin's variant should leave this false.
     */
    default boolean isDefault() {
        return false;
    }
}
