package dev.blueprint.components.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;

/**
 * jq 1.6's date built-ins, which jackson-jq lacks: {@code gmtime}, {@code localtime}, {@code mktime}, {@code
 * strftime/1}, {@code strflocaltime/1}, {@code strptime/1} as jq implements them in C, and {@code todate},
 * {@code fromdate}, {@code todateiso8601}, {@code fromdateiso8601}, {@code date}, {@code dateadd/2}, {@code datesub/2}
 * as jq's own builtin.jq defines them from those. Error messages are jq's.
 */
final class DateFunctions {
    private static final String ISO8601 = "%Y-%m-%dT%H:%M:%SZ";

    private DateFunctions() {
    }

    /** A function of its input alone. */
    private interface Unary {
        JsonNode apply(JsonNode in) throws JsonQueryException;
    }

    /** A function of its input and one argument's value. */
    private interface Binary {
        JsonNode apply(JsonNode in, JsonNode arg) throws JsonQueryException;
    }

    static void addTo(Scope scope) {
        unary(scope, "gmtime", in -> BrokenDownTime.of(seconds(in, "gmtime() requires numeric inputs"), ZoneOffset.UTC).toJson());
        unary(scope, "localtime", in -> BrokenDownTime.of(seconds(in, "localtime() requires numeric inputs"), ZoneId.systemDefault()).toJson());
        unary(scope, "mktime", DateFunctions::mktime);
        binary(scope, "strftime", (in, f) -> strftime(in, f, "strftime/1", ZoneOffset.UTC));
        binary(scope, "strflocaltime", (in, f) -> strftime(in, f, "strflocaltime/1", ZoneId.systemDefault()));
        binary(scope, "strptime", DateFunctions::strptime);
        Unary toIso = in -> strftime(in, TextNode.valueOf(ISO8601), "strftime/1", ZoneOffset.UTC);
        Unary fromIso = in -> mktime(strptime(in, TextNode.valueOf(ISO8601)));
        unary(scope, "todateiso8601", toIso);
        unary(scope, "fromdateiso8601", fromIso);
        unary(scope, "todate", toIso);
        unary(scope, "fromdate", fromIso);
        unary(scope, "date", toIso);
        scope.addFunction("dateadd", 2, offset(1));
        scope.addFunction("datesub", 2, offset(-1));
    }

    private static double seconds(JsonNode in, String error) throws JsonQueryException {
        if (!in.isNumber()) {
            throw new JsonQueryException(error);
        }
        return in.doubleValue();
    }

    private static JsonNode mktime(JsonNode in) throws JsonQueryException {
        if (!in.isArray()) {
            throw new JsonQueryException("mktime requires array inputs");
        }
        long t = BrokenDownTime.read(in, "mktime requires parsed datetime inputs").epochSeconds();
        if (t == -1) {
            throw new JsonQueryException("invalid gmtime representation"); // C's mktime error value, which jq 1.6 checks for
        }
        return number(t);
    }

    private static JsonNode strftime(JsonNode in, JsonNode format, String name, ZoneId zone) throws JsonQueryException {
        BrokenDownTime t = in.isNumber() ? BrokenDownTime.of(in.doubleValue(), zone)
                : BrokenDownTime.read(in, name + " requires parsed datetime inputs");
        if (!format.isTextual()) {
            throw new JsonQueryException(name + " requires a string format");
        }
        return TextNode.valueOf(StrTime.format(t, format.textValue()));
    }

    private static JsonNode strptime(JsonNode in, JsonNode format) throws JsonQueryException {
        if (!in.isTextual() || !format.isTextual()) {
            throw new JsonQueryException("strptime/1 requires string inputs and arguments");
        }
        return StrTime.parse(in.textValue(), format.textValue());
    }

    /** {@code dateadd(u; n)} is {@code .+n}, {@code datesub(u; n)} is {@code .-n}; the unit u is not used (as in jq). */
    private static Function offset(int sign) {
        return (scope, args, in, path, output, version) -> args.get(1).apply(scope, in, n -> {
            if (!in.isNumber() || !n.isNumber()) {
                throw new JsonQueryException(in.getNodeType().toString().toLowerCase() + " (" + in + ") and "
                        + n.getNodeType().toString().toLowerCase() + " (" + n + ") cannot be " + (sign > 0 ? "added" : "subtracted"));
            }
            output.emit(number(in.doubleValue() + sign * n.doubleValue()), null);
        });
    }

    private static void unary(Scope scope, String name, Unary f) {
        scope.addFunction(name, 0, (Scope s, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version) ->
                output.emit(f.apply(in), null));
    }

    private static void binary(Scope scope, String name, Binary f) {
        scope.addFunction(name, 1, (Scope s, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version) ->
                args.get(0).apply(s, in, arg -> output.emit(f.apply(in, arg), null)));
    }

    /** A jq number: whole numbers without a fraction (1425599507, not 1.425599507E9). */
    static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            long l = (long) d;
            return l == (int) l ? JsonNodeFactory.instance.numberNode((int) l) : JsonNodeFactory.instance.numberNode(l);
        }
        return JsonNodeFactory.instance.numberNode(d);
    }
}
