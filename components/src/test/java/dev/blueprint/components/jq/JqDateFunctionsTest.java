package dev.blueprint.components.jq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.api.Record;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * jq 1.6's date built-ins against jq 1.6's own documented examples (its manual and tests/jq.test), and against what
 * the jq 1.6 binary prints for the other formats and errors (run by hand; each expected value below is its output).
 */
class JqDateFunctionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String run(String expression, String input) throws Exception {
        List<JsonNode> out = JqExpression.compile(expression).apply(JSON.readTree(input));
        return out.size() == 1 ? out.get(0).toString() : out.toString();
    }

    @ParameterizedTest(name = "{1} | {0} = {2}")
    @CsvSource(delimiter = '\t', quoteCharacter = '\'', textBlock = """
            fromdate	"2015-03-05T23:51:47Z"	1425599507
            strptime("%Y-%m-%dT%H:%M:%SZ")	"2015-03-05T23:51:47Z"	[2015,2,5,23,51,47,4,63]
            strptime("%Y-%m-%dT%H:%M:%SZ")|mktime	"2015-03-05T23:51:47Z"	1425599507
            [strptime("%Y-%m-%dT%H:%M:%SZ")|(.,mktime)]	"2015-03-05T23:51:47Z"	[[2015,2,5,23,51,47,4,63],1425599507]
            strftime("%Y-%m-%dT%H:%M:%SZ")	[2015,2,5,23,51,47,4,63]	"2015-03-05T23:51:47Z"
            strftime("%A, %B %d, %Y")	1435677542.822351	"Tuesday, June 30, 2015"
            gmtime	1425599507	[2015,2,5,23,51,47,4,63]
            try strftime("%Y-%m-%dT%H:%M:%SZ") catch .	["a",1,2,3,4,5,6,7]	"strftime/1 requires parsed datetime inputs"
            try mktime catch .	["a",1,2,3,4,5,6,7]	"mktime requires parsed datetime inputs"
            """)
    void jq16DocumentedExamples(String expression, String input, String expected) throws Exception {
        assertThat(run(expression, input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} | {0} = {2}")
    @CsvSource(delimiter = '\t', quoteCharacter = '\'', textBlock = """
            gmtime	1425599507.25	[2015,2,5,23,51,47.25,4,63]
            gmtime	-1.5	[1969,11,31,23,59,59.5,3,364]
            todate	1425599507	"2015-03-05T23:51:47Z"
            todate	1425599507.9	"2015-03-05T23:51:47Z"
            [.[]|todate]	[0, 951782400]	["1970-01-01T00:00:00Z","2000-02-29T00:00:00Z"]
            todateiso8601	1425599507	"2015-03-05T23:51:47Z"
            fromdateiso8601	"2015-03-05T23:51:47Z"	1425599507
            try fromdate catch .	"2015-03-05 23:51:47"	"date \\"2015-03-05 23:51:47\\" does not match format \\"%Y-%m-%dT%H:%M:%SZ\\""
            try gmtime catch .	"x"	"gmtime() requires numeric inputs"
            try localtime catch .	"x"	"localtime() requires numeric inputs"
            try mktime catch .	"x"	"mktime requires array inputs"
            try mktime catch .	[2015,2,5,23,51,47]	"mktime requires parsed datetime inputs"
            try gmtime|mktime catch .	-1.5	"invalid gmtime representation"
            mktime	[2015,14,5,23,51,47,0,0]	1457221907
            try strptime("%Y") catch .	1	"strptime/1 requires string inputs and arguments"
            try strptime("%Y-%m-%d") catch .	"2015-03-05x"	"date \\"2015-03-05x\\" does not match format \\"%Y-%m-%d\\""
            strptime("%Y-%m-%d")	"2015-03-05  "	[2015,2,5,0,0,0,4,63,"  "]
            strptime("%H:%M")	"10:30"	[1900,0,0,10,30,0,8,367]
            strptime("%d/%b/%Y:%H:%M:%S %z")	"10/Oct/2000:13:55:36 -0700"	[2000,9,10,13,55,36,2,283]
            strptime("%j %Y")	"064 2015"	[2015,2,5,0,0,0,4,63]
            strptime("%s")	"1425599507"	[2015,2,5,23,51,47,4,63]
            strptime("%a, %d %b %Y %T")	"Thu, 05 Mar 2015 23:51:47"	[2015,2,5,23,51,47,4,63]
            strptime("%Y-%m-%d %I:%M %p")	"2015-03-05 11:51 PM"	[2015,2,5,23,51,0,4,63]
            strftime("%j %U %W %u %w %e %I %p %y %C %D %T %s")	1425599507	"064 09 09 4 4  5 11 PM 15 20 03/05/15 23:51:47 1425599507"
            strftime("%G-W%V %g %k %l %P %R %r %x %X %% %Z %z %h")	1425599507	"2015-W10 15 23 11 pm 23:51 11:51:47 PM 03/05/15 23:51:47 % UTC +0000 Mar"
            strftime("%c")	0	"Thu Jan  1 00:00:00 1970"
            """)
    void behavesAsTheJq16Binary(String expression, String input, String expected) throws Exception {
        assertThat(run(expression, input)).isEqualTo(expected);
    }

    @Test
    void dateaddDatesubAndDateAreJq16sDefinitions() throws Exception {
        // builtin.jq of jq 1.6: def dateadd(u; n): .+n; def datesub(u; n): .-n; def date: todate;
        assertThat(run("dateadd(\"seconds\"; 10)", "1425599507")).isEqualTo("1425599517");
        assertThat(run("datesub(\"seconds\"; 7)", "1425599507")).isEqualTo("1425599500");
        assertThat(run("date", "1425599507")).isEqualTo("\"2015-03-05T23:51:47Z\"");
    }

    @Test
    void localtimeAndStrflocaltimeUseTheMachinesZone() throws Exception {
        java.time.ZonedDateTime t = java.time.Instant.ofEpochSecond(1425599507).atZone(java.time.ZoneId.systemDefault());
        assertThat(run("localtime | .[3]", "1425599507")).isEqualTo(String.valueOf(t.getHour()));
        assertThat(run("strflocaltime(\"%H:%M\")", "1425599507")).isEqualTo("\"%02d:%02d\"".formatted(t.getHour(), t.getMinute()));
    }

    @Test
    void dateFunctionsPassValidation() {
        assertThat(JqExpression.problem("expression", ". + {received_at: (now | todate)}")).isEmpty();
        assertThat(JqExpression.problem("expression", ".ts | strptime(\"%Y\") | mktime | dateadd(\"seconds\"; 1) | strftime(\"%Y\")")).isEmpty();
    }

    @Test
    void metaGivesTheRecordsCreationTimeOriginAndSequence() throws Exception {
        Record r = new Record(JSON.readTree("{\"n\":1}"), 42, "sensors", 1425599507250L);
        JqExpression e = JqExpression.compile(". + {at: ($__meta.created | todate), from: $__meta.origin, seq: $__meta.sequence, "
                + "ms: $__meta.created_ms}");
        assertThat(e.first(r).toString())
                .isEqualTo("{\"n\":1,\"at\":\"2015-03-05T23:51:47Z\",\"from\":\"sensors\",\"seq\":42,\"ms\":1425599507250}");
        assertThat(JqExpression.problem("expression", "$__meta.created")).isEmpty();
    }
}
