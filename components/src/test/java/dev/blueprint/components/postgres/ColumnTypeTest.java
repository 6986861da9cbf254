package dev.blueprint.components.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** Whole numbers into integer columns: each type's whole range goes in, one past either end is the record's error. */
class ColumnTypeTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void theSmallestValueOfEachIntegerTypeFits() {
        assertThat(new ColumnType("c", Types.SMALLINT, "int2").convert(JSON.numberNode(Short.MIN_VALUE))).isEqualTo((long) Short.MIN_VALUE);
        assertThat(new ColumnType("c", Types.INTEGER, "int4").convert(JSON.numberNode(Integer.MIN_VALUE))).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(new ColumnType("c", Types.BIGINT, "int8").convert(JSON.numberNode(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void oneBeyondEitherEndIsABadValueNamingTheType() {
        ColumnType int2 = new ColumnType("c", Types.SMALLINT, "int2");
        assertThatThrownBy(() -> int2.convert(JSON.numberNode(Short.MIN_VALUE - 1))).isInstanceOf(ColumnType.BadValue.class).hasMessageContaining("int2");
        assertThatThrownBy(() -> int2.convert(JSON.numberNode(Short.MAX_VALUE + 1))).isInstanceOf(ColumnType.BadValue.class).hasMessageContaining("int2");
    }

    @Test
    void wholeNumbersWrittenAsDecimalsOrTextStillFitAndFractionsDoNot() {
        ColumnType int4 = new ColumnType("c", Types.INTEGER, "int4");
        assertThat(int4.convert(JSON.numberNode(new java.math.BigDecimal("42.0")))).isEqualTo(42L);
        assertThat(int4.convert(JSON.textNode("42"))).isEqualTo(42L);
        assertThatThrownBy(() -> int4.convert(JSON.numberNode(4.5))).isInstanceOf(ColumnType.BadValue.class).hasMessageContaining("whole number");
    }
}
