package dev.blueprint.components.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How a JSON value goes into one column, by the column's type as the table declares it: numbers, booleans and
 * timestamps are checked here, so that a value that cannot fit is the record's error naming the column, not the
 * whole batch's; anything else (text, json, jsonb, uuid, arrays...) is sent as text for the server to read.
 */
final class ColumnType {
    private final String column;
    private final int sqlType;
    private final String typeName;

    ColumnType(String column, int sqlType, String typeName) {
        this.column = column;
        this.sqlType = sqlType;
        this.typeName = typeName;
    }

    /** Text the server reads as the column's type (json, jsonb, uuid, ...). */
    record Untyped(String text) {
    }

    /** The value for this column, checked; null for NULL. Throws {@link BadValue} when it cannot be this column's. */
    Object convert(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (sqlType) {
            case Types.SMALLINT, Types.INTEGER, Types.BIGINT -> integer(value);
            case Types.NUMERIC, Types.DECIMAL -> decimal(value);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> decimal(value).doubleValue();
            case Types.BOOLEAN, Types.BIT -> bool(value);
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> timestamp(value);
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR -> text(value);
            default -> new Untyped(text(value));
        };
    }

    /** Binds a value {@link #convert} made as parameter {@code index}. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else if (value instanceof Untyped u) {
            statement.setObject(index, u.text(), Types.OTHER);
        } else {
            statement.setObject(index, value);
        }
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    private long integer(JsonNode v) {
        try {
            // a JSON integer needs no BigDecimal on the way (the common case, once per column per row)
            long n = v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : decimal(v).longValueExact();
            long max = sqlType == Types.SMALLINT ? Short.MAX_VALUE : sqlType == Types.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
            long min = sqlType == Types.SMALLINT ? Short.MIN_VALUE : sqlType == Types.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
            if (n > max || n < min) {
                throw bad(v, "out of range for " + typeName);
            }
            return n;
        } catch (ArithmeticException e) {
            throw bad(v, "not a whole number for " + typeName);
        }
    }

    private BigDecimal decimal(JsonNode v) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw bad(v, "not a number for " + typeName);
    }

    private boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw bad(v, "not a boolean for " + typeName);
    }

    private OffsetDateTime timestamp(JsonNode v) {
        if (v.isNumber()) {
            return OffsetDateTime.ofInstant(Instant.ofEpochMilli(v.longValue()), ZoneOffset.UTC); // epoch milliseconds
        }
        if (v.isTextual()) {
            try {
                return OffsetDateTime.parse(v.asText());
            } catch (DateTimeParseException e) {
                // below
            }
        }
        throw bad(v, "not a timestamp (ISO-8601 with offset, or epoch milliseconds) for " + typeName);
    }

    private BadValue bad(JsonNode v, String reason) {
        String shown = v.toString();
        return new BadValue("column " + column + ": " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + " is " + reason);
    }

    /** A record's value that cannot go into its column; the record goes to errors, the batch goes on. */
    static final class BadValue extends IllegalArgumentException {
        BadValue(String message) {
            super(message);
        }
    }
}
