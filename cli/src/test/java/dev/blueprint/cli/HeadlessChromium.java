package dev.blueprint.cli;

import dev.blueprint.testing.Tool;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and {@code chromium-driver} packages
 * (.ci/run installs them), driven by Selenium, with a fresh profile per instance. The driver and browser
 * are pinned to their paths, so Selenium Manager never looks for (or downloads) either.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.start()) {
 *     chromium.open("http://127.0.0.1:" + port + "/");
 *     await().untilAsserted(() -> assertThat(chromium.attribute(By.id("state"), "data-state")).isEqualTo("connected"));
 *     chromium.screenshot("dashboard");
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {
    /** The browser; override with {@code -Dblueprint.chromium=...}. */
    public static final Path BROWSER = Path.of(System.getProperty("blueprint.chromium", "/usr/bin/chromium"));
    /** The driver; override with {@code -Dblueprint.chromedriver=...}. */
    public static final Path DRIVER = Path.of(System.getProperty("blueprint.chromedriver", "/usr/bin/chromedriver"));
    /** Where {@link #screenshot} writes, under the module's {@code target/}. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a headless Chromium with a 1280x900 window; fails with what to install when a package is missing. */
    public static HeadlessChromium start() {
        // a missing browser or driver skips the test (fails it under CI=true), naming the package to install
        if (!Files.isExecutable(BROWSER)) {
            Tool.CHROMIUM.require();
        }
        if (!Files.isExecutable(DRIVER)) {
            Tool.CHROMEDRIVER.require();
        }
        try {
            Path profile = Files.createTempDirectory("blueprint-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--user-data-dir=" + profile, "--window-size=1280,900");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new HeadlessChromium(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Selenium driver, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} and waits for its load event. */
    public void open(String url) {
        driver.get(url);
    }

    /** The first element matching {@code by}. */
    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** The attribute {@code name} of the first element matching {@code by}, or null when it has none. */
    public String attribute(By by, String name) {
        return driver.findElement(by).getDomAttribute(name);
    }

    /** What the browser console printed since the last call (reading clears it), for failure messages. */
    public List<String> console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString).toList();
        } catch (WebDriverException e) {
            // called while a test fails: never hide that failure behind this one
            return List.of("(console unavailable: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a screenshot to {@code docs/images/} of the repository, where the README shows it, when the run asks
     * for it ({@code -Dblueprint.publishScreenshots=true}, see docs/testing.md): a plain {@code verify} leaves the
     * committed pictures alone, so that it never dirties the working tree. Returns where the picture is.
     */
    public static Path publish(Path screenshot) {
        if (!Boolean.getBoolean("blueprint.publishScreenshots")) {
            return screenshot;
        }
        try {
            Path images = Files.createDirectories(CliRunner.root().resolve("docs").resolve("images"));
            return Files.copy(screenshot, images.resolve(screenshot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a profile left in /tmp is harmless
            }
        }
    }
}
