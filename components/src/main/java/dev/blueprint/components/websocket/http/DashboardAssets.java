package dev.blueprint.components.websocket.http;

import dev.blueprint.transport.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The charting library of the dashboard page, served from the jar so that the page works with no internet:
 * uPlot's script and style sheet, read from its WebJar ({@code org.webjars.npm:uplot}) once, at start.
 */
final class DashboardAssets {
    static final String SCRIPT_PATH = "/assets/uPlot.iife.min.js";
    static final String STYLE_PATH = "/assets/uPlot.min.css";
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    // the file names never change within a version, and a new version comes with a new jar
    private static final String CACHE = "public, max-age=86400";

    private final byte[] script;
    private final byte[] style;

    private DashboardAssets(byte[] script, byte[] style) {
        this.script = script;
        this.style = style;
    }

    /** Reads the assets from the class path; throws when the WebJar is missing (a broken build, not a user error). */
    static DashboardAssets load() {
        String dist = WEBJAR + version() + "/dist/";
        return new DashboardAssets(read(dist + "uPlot.iife.min.js"), read(dist + "uPlot.min.css"));
    }

    HttpReply script() {
        return new HttpReply(200, "text/javascript; charset=utf-8", Map.of("Cache-Control", CACHE), script);
    }

    HttpReply style() {
        return new HttpReply(200, "text/css; charset=utf-8", Map.of("Cache-Control", CACHE), style);
    }

    /** The WebJar's version, from its own Maven metadata, so that a version bump in the POM needs no code change. */
    private static String version() {
        Properties p = new Properties();
        try (InputStream in = open(WEBJAR_POM)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource + " (the uPlot WebJar is not on the class path)");
        }
        return in;
    }
}
