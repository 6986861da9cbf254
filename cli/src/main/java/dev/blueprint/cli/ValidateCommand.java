package dev.blueprint.cli;

import dev.blueprint.runtime.validate.BlueprintLoader;
import dev.blueprint.runtime.validate.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blueprint validate FILE...}: prints every problem of every file; exit 2 when any has an error. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks blueprints without running them and prints every problem as file:line:col: error|warning: message.",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint validate blueprints/*.yaml",
            "  blueprint validate --set websocket_server.port=9000 system.yaml",
            "  blueprint validate --plugins plugins/ my-pipeline.yaml"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Blueprint files.")
    List<Path> files;

    @Option(names = "--set", paramLabel = "COMPONENT.KEY=VALUE", description = "Override one config key, as with run.")
    List<String> overrides = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BlueprintLoader loader = new BlueprintLoader(common.setUp(), System.getenv());
        boolean ok = true;
        for (Path file : files) {
            BlueprintLoader.Result result = loader.load(file, overrides);
            result.problems().stream().map(Problem::format).forEach(spec.commandLine().getErr()::println);
            if (result.valid()) {
                spec.commandLine().getOut().printf("%s: ok (%d components, %d bindings)%n", file,
                        result.blueprint().components().size(), result.blueprint().bindings().size());
            } else {
                ok = false;
            }
        }
        return ok ? 0 : BlueprintCli.INVALID;
    }
}
