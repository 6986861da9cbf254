package dev.blueprint.runtime.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import java.io.IOException;

/**
 * Reads JSON trees refusing numbers a double cannot hold ({@code 1e1000000}): Jackson would make them
 * {@code Infinity}, which is no JSON, and which a record would carry on silently. Such a number fails the parse like
 * an over-long one, naming it.
 */
final class FiniteNumbers extends JsonParserDelegate {
    private FiniteNumbers(JsonParser d) {
        super(d);
    }

    /** The tree deserializer that reads through this check. */
    static JsonDeserializer<JsonNode> treeDeserializer() {
        @SuppressWarnings("unchecked")
        JsonDeserializer<JsonNode> stock = (JsonDeserializer<JsonNode>) (JsonDeserializer<?>) JsonNodeDeserializer.getDeserializer(JsonNode.class);
        return new JsonDeserializer<>() {
            @Override
            public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return stock.deserialize(p instanceof FiniteNumbers ? p : new FiniteNumbers(p), ctxt);
            }

            @Override
            public JsonNode getNullValue(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
                return stock.getNullValue(ctxt);
            }
        };
    }

    @Override
    public double getDoubleValue() throws IOException {
        return finite(super.getDoubleValue());
    }

    @Override
    public float getFloatValue() throws IOException {
        float f = super.getFloatValue();
        if (Float.isInfinite(f)) {
            finite(super.getDoubleValue());
        }
        return f;
    }

    @Override
    public Number getNumberValue() throws IOException {
        Number n = super.getNumberValue();
        if (n instanceof Double d) {
            finite(d);
        }
        return n;
    }

    private double finite(double d) throws IOException {
        if (Double.isInfinite(d)) {
            String text = getText();
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new JsonParseException(delegate, "number " + shown + " is beyond the range of a double (about 1.8e308); "
                    + "send it as a string to keep it");
        }
        return d;
    }
}
