package dev.blueprint.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.blueprint.runtime.json.BlueprintJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blueprint schema}: the JSON Schema of the blueprint format, for editors and CI. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Prints the JSON Schema (draft 2020-12) of blueprints: every component type's config keys with their types, "
                + "defaults, enums and descriptions (plugin types too, with --plugins). YAML editors use it to complete and check blueprints.",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint schema > blueprint.schema.json",
            "  blueprint schema --plugins plugins/ > blueprint.schema.json",
            "  then put this first line in a blueprint (VS Code YAML, IntelliJ):",
            "  # yaml-language-server: $schema=blueprint.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        spec.commandLine().getOut().println(BlueprintJson.records().writerWithDefaultPrettyPrinter()
                .writeValueAsString(BlueprintSchema.of(common.setUp())));
        return 0;
    }
}
