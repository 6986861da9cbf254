package dev.blueprint.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What takes the place of a test's inputs and outputs: a feed emits the test's records and finishes, a capture
 * keeps what reaches it. Both are ordinary components, run by the ordinary pipeline; they are never
 * registered as types, so no blueprint can name them.
 */
final class TestDoubles {
    private TestDoubles() {
    }

    /** The records a feed emits; with a test clock, made at the times it gives. */
    record FeedConfig(List<JsonNode> records, TestClock clock) {
    }

    /** Where a capture keeps what it receives (in arrival order). */
    record CaptureConfig(List<JsonNode> received) {
    }

    /** Emits its records, in order, then finishes: the end of its output ends the inputs it feeds. */
    static final class Feed implements ComponentProvider<FeedConfig> {
        @Override
        public String type() {
            return "test input";
        }

        @Override
        public String description() {
            return "A test's input records.";
        }

        @Override
        public Class<FeedConfig> configType() {
            return FeedConfig.class;
        }

        @Override
        public Streams streams(FeedConfig config) {
            return Streams.source();
        }

        @Override
        public Component create(FeedConfig config) {
            return new Component() {
                private ComponentContext context;

                @Override
                public void start(ComponentContext context) {
                    this.context = context;
                }

                @Override
                public void run() {
                    if (config.clock() == null) {
                        config.records().forEach(r -> context.output().emit(r));
                        return;
                    }
                    long sequence = 0;
                    for (JsonNode r : config.records()) {
                        context.output().send(new Record(r, ++sequence, context.name(), config.clock().next()));
                    }
                    config.clock().feedDone();
                }
            };
        }
    }

    /** Keeps every record it receives. */
    static final class Capture implements ComponentProvider<CaptureConfig> {
        @Override
        public String type() {
            return "test output";
        }

        @Override
        public String description() {
            return "What a test's output received.";
        }

        @Override
        public Class<CaptureConfig> configType() {
            return CaptureConfig.class;
        }

        @Override
        public Streams streams(CaptureConfig config) {
            return Streams.sink();
        }

        @Override
        public Component create(CaptureConfig config) {
            return new Component() {
                @Override
                public void onRecord(String input, Record record) {
                    config.received().add(record.value());
                }
            };
        }
    }

    /** A thread-safe list for a capture to fill. */
    static List<JsonNode> receivedList() {
        return Collections.synchronizedList(new ArrayList<>());
    }
}
