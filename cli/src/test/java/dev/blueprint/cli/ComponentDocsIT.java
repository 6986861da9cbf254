package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference pages under docs/components/ hold, word for word, the config table that
 * {@code blueprint components TYPE --markdown} prints for every variant, so they cannot drift from the
 * config records. When this fails, paste the printed section into the page.
 */
class ComponentDocsIT {

    @ParameterizedTest
    @ValueSource(strings = {"Source", "Sink", "StreamProcessor"})
    void everyVariantsGeneratedTableIsInItsReferencePage(String type) throws IOException {
        var result = CliRunner.run("components", type, "--markdown");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(CliRunner.root().resolve("docs/components"))) {
            for (Path page : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                pages.add(Files.readString(page));
            }
        }
        String[] sections = result.stdout().split("(?m)^(?=### )");
        assertThat(sections).hasSizeGreaterThan(3);
        for (String section : sections) {
            if (section.startsWith("### ")) {
                assertThat(pages).as("a docs/components page holding:\n" + section).anyMatch(page -> page.contains(section.strip()));
            }
        }
    }
}
