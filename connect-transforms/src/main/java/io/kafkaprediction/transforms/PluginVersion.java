package io.kafkaprediction.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin version, written into a resource by the build (property {@code transforms.plugin.version}). */
final class PluginVersion {

    // Unique path: several plugin versions may be on one worker, each in its own class loader.
    private static final String RESOURCE = "/io/kafkaprediction/transforms/plugin-version.properties";

    static final String VERSION = load();

    private PluginVersion() {
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the plugin jar; build it with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.startsWith("${")) {
                throw new IllegalStateException(RESOURCE + " holds no filtered version: '" + version + "'");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
