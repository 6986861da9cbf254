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
        subcommands = {RunCommand.class, ValidateCommand.class, ComponentsCommand.class, GraphCommand.class, TopCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (a component failed to start or died)", "2:usage or validation error"})
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
        cli.setExitCodeExceptionMapper(BlueprintCli::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BlueprintValidationException v) {
                v.problems().forEach(commandLine.getErr()::println);
            } else {
                commandLine.getErr().println("error: " + e.getMessage());
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
