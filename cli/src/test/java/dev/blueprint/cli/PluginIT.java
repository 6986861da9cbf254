package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example plugin in examples/custom-component, loaded by the CLI jar the way a user loads one. */
class PluginIT {
    private static final String PLUGIN_DIR = System.getProperty("blueprint.plugin.dir");
    private static final String BLUEPRINT = CliRunner.blueprint("plugin-uppercase.yaml").toString();

    @Test
    void pluginsOptionAddsTheUppercaseType() {
        var result = CliRunner.run("run", "--plugins", PLUGIN_DIR, BLUEPRINT);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly(
                "{\"name\":\"ADA LOVELACE\",\"id\":1}",
                "{\"name\":\"ADA LOVELACE\",\"id\":2}",
                "{\"name\":\"ADA LOVELACE\",\"id\":3}");
    }

    @Test
    void blueprintPluginsEnvironmentVariableAddsTheType() {
        var result = CliRunner.run(Duration.ofSeconds(60), CliRunner.env("BLUEPRINT_PLUGINS", PLUGIN_DIR), "run", BLUEPRINT);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).hasSize(3);
    }

    @Test
    void withoutThePluginTheTypeIsUnknownAndTheHintNamesThePluginsOption() {
        var result = CliRunner.run("validate", BLUEPRINT);
        assertThat(result.exitCode()).isEqualTo(2);
        CliRunner.assertThatLog(result).contains(BLUEPRINT + ":14:13: error: unknown component type 'Uppercase'.")
                .contains("(types from plugin jars need --plugins DIR)");
    }

    @Test
    void componentsListsThePluginTypeWithItsConfigKey() {
        var result = CliRunner.run("components", "--plugins", PLUGIN_DIR, "Uppercase");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Uppercase — Example plugin: upper-cases the string fields of each record.")
                .contains("fields").contains("list of string");
    }

    @Test
    void thePluginAddsAVariantToTheBuiltInSourceThatBlueprintsChooseWithVariant() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        String bp = CliRunner.write(dir, "plugin-variant-" + ProcessHandle.current().pid() + ".yaml", """
                system:
                  name: plugin_variant
                  components:
                    - {name: numbers, type: Source, config: {variant: sequence, from: 3, to: 1, step: -1}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: numbers, to: out}
                """).toString();
        var result = CliRunner.run("run", "--plugins", PLUGIN_DIR, bp);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly("3", "2", "1");
        var components = CliRunner.run("components", "--plugins", PLUGIN_DIR, "Source");
        assertThat(components.stdoutLines()).contains(
                "  variant: sequence — Example plugin: the numbers from, from + step, ... up to to, then finishes.")
                .anyMatch(l -> l.matches("\\s+to\\s+integer\\s+default required\\s+The last number.*\\(e\\.g\\. 10\\)"));
        var without = CliRunner.run("validate", bp);
        assertThat(without.exitCode()).isEqualTo(2);
        CliRunner.assertThatLog(without).contains("numbers.config.variant: unknown Source variant 'sequence'")
                .contains("(variants from plugin jars need --plugins DIR)");
    }

    @Test
    void missingPluginDirectoryIsAUsageError() {
        var result = CliRunner.run("validate", "--plugins", "/nonexistent/plugins", BLUEPRINT);
        assertThat(result.exitCode()).isEqualTo(2);
        CliRunner.assertThatLog(result).contains("error: plugin directory /nonexistent/plugins does not exist");
    }
}
