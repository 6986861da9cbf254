package dev.blueprint.cli;

import dev.blueprint.runtime.graph.GraphRenderer;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.validate.BlueprintLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blueprint graph FILE --format mermaid|dot}. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Prints a blueprint's components and bindings as a Mermaid flowchart or a Graphviz digraph.",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint graph blueprints/chat.yaml",
            "  blueprint graph --format dot blueprints/chat.yaml | dot -Tsvg > chat.svg"})
final class GraphCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "Blueprint file.")
    Path file;

    @Option(names = "--format", defaultValue = "mermaid", paramLabel = "FORMAT",
            description = "mermaid (default) or dot.", converter = FormatConverter.class)
    GraphRenderer.Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Blueprint blueprint = new BlueprintLoader(common.setUp(), System.getenv()).load(file, List.of()).orThrow();
        // print() does not flush picocli's writer and System.exit would lose the text
        spec.commandLine().getOut().print(GraphRenderer.render(blueprint, format));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<GraphRenderer.Format> {
        @Override
        public GraphRenderer.Format convert(String value) {
            try {
                return GraphRenderer.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected mermaid or dot, was '" + value + "'");
            }
        }
    }
}
