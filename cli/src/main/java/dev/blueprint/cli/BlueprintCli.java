package dev.blueprint.cli;

import dev.blueprint.api.BlueprintValidationException;
import dev.blueprint.api.ComponentExecutionException;
import dev.blueprint.api.ComponentInitializationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code blueprint} command. Exit codes: 0 success, 1 runtime failure, 2 usage or validation error. */
@Command(name = "blueprint",
        mixinStandardHelpOptions = true,
        versionProvider = BlueprintCli.Version.class,
        description = "Runs real-time stream pipelines written as YAML blueprints.",
        subcommands = {RunCommand.class, ValidateCommand.class, ComponentsCommand.class, GraphCommand.class, TopCommand.class, ProbeCommand.class, SchemaCommand.class, TestCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (a component failed to start or died)", "2:usage or validation error"},
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint run blueprints/hello.yaml",
            "  blueprint validate blueprints/*.yaml",
            "  blueprint components WebSocket",
            "  source <(blueprint completion)     (bash or zsh: complete commands and options)"})
public final class BlueprintCli {
    /** Exit code for a runtime failure. */
    public static final int RUNTIME_FAILURE = 1;
    /** Exit code for a usage or validation error. */
    public static final int INVALID = 2;

    private BlueprintCli() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, with exceptions mapped to exit codes in one place. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BlueprintCli());
        // picocli writes the completion script from the command model, so it always matches the options
        cli.addSubcommand("completion", new picocli.AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("completion").getCommandSpec().usageMessage().hidden(false)
                .description("Prints a bash/zsh completion script: source <(blueprint completion)");
        cli.setExitCodeExceptionMapper(BlueprintCli::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BlueprintValidationException v) {
                v.problems().forEach(commandLine.getErr()::println);
            } else {
                // some exceptions carry no message: their type then says more than "null"
                commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
            return exitCode(e);
        });
        return cli;
    }

    static int exitCode(Throwable e) {
        if (e instanceof BlueprintValidationException || e instanceof CommandLine.ParameterException) {
            return INVALID;
        }
        if (e instanceof ComponentInitializationException || e instanceof ComponentExecutionException) {
            return RUNTIME_FAILURE;
        }
        return RUNTIME_FAILURE;
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = BlueprintCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"blueprint " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
        }
    }
}
