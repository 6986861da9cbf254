package dev.blueprint.runtime.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.blueprint.api.DataSize;
import java.io.IOException;
import java.time.Duration;

/** The Jackson mappers Blueprint uses: one for config binding, one for record JSON. */
public final class BlueprintJson {
    private static final ObjectMapper CONFIG = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // port: 8080.9 is a mistake to report, not a port to truncate to 8080
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(units())
            .build();
    // trailing tokens fail: "42 apples" is text, not the number 42 with the rest thrown away
    // and 1e1000000 fails, as an over-long number does, instead of becoming Infinity
    private static final ObjectMapper RECORDS = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("blueprint-finite-numbers").addDeserializer(JsonNode.class, FiniteNumbers.treeDeserializer()))
            .build();

    private BlueprintJson() {
    }

    /** Binds config mappings to config records: snake_case keys, unknown keys refused, units understood. */
    public static ObjectMapper config() {
        return CONFIG;
    }

    /** Parses and writes record values. */
    public static ObjectMapper records() {
        return RECORDS;
    }

    private static SimpleModule units() {
        SimpleModule module = new SimpleModule("blueprint-units");
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                        return DurationText.ofSeconds(p.getDoubleValue());
                    }
                    if (p.currentToken() == JsonToken.VALUE_STRING) {
                        return DurationText.parse(p.getText());
                    }
                } catch (IllegalArgumentException | ArithmeticException e) {
                    return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
                }
                return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
            }
        });
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(DurationText.format(value));
            }
        });
        module.addDeserializer(DataSize.class, new JsonDeserializer<>() {
            @Override
            public DataSize deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        // a number past long is read as text, so that it fails here with the size's own message
                        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? DataSize.parse(p.getText())
                                : DataSize.ofBytes(p.getLongValue());
                    }
                    if (p.currentToken() == JsonToken.VALUE_STRING) {
                        return DataSize.parse(p.getText());
                    }
                } catch (IllegalArgumentException | ArithmeticException e) {
                    return (DataSize) ctx.handleWeirdStringValue(DataSize.class, p.getText(), e.getMessage());
                }
                return (DataSize) ctx.handleUnexpectedToken(DataSize.class, p);
            }
        });
        module.addSerializer(DataSize.class, new JsonSerializer<>() {
            @Override
            public void serialize(DataSize value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        return module;
    }
}
