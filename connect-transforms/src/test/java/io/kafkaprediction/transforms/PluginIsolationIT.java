package io.kafkaprediction.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built archive, unzipped into a plugin.path and discovered the way the worker in
 * connect-distributed.properties does it (plugin.discovery=service_load): the converter loads in
 * the plugin's own class loader, takes JsonConverter and Jackson from the worker, and works.
 */
class PluginIsolationIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("plugin.archive"));
    private static final String VERSION = System.getProperty("plugin.version");

    @TempDir
    static Path pluginPath;

    private static Plugins plugins;

    @BeforeAll
    static void installPlugin() throws IOException {
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path target = pluginPath.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(pluginPath)).as("zip entry %s stays inside", entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        plugins = new Plugins(Map.of("plugin.path", pluginPath.toString(), "plugin.discovery", "service_load"));
    }

    /** The copy from plugin.path (the test classpath holds our classes too, found as a second copy). */
    private static PluginDesc<Converter> isolatedConverter() {
        return plugins.converters().stream()
                .filter(d -> d.className().equals(FeatureEventJsonConverter.class.getName()))
                .filter(d -> d.location().contains(pluginPath.toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("converter not discovered in " + pluginPath + ": " + plugins.converters()));
    }

    @Test
    void converterIsDiscoveredInThePluginWithItsVersion() {
        PluginDesc<Converter> desc = isolatedConverter();
        assertThat(desc.version()).isEqualTo(VERSION);
        assertThat(plugins.headerConverters()).anySatisfy(d -> {
            assertThat(d.className()).isEqualTo(FeatureEventJsonConverter.class.getName());
            assertThat(d.location()).contains(pluginPath.toString());
        });
    }

    @Test
    void converterLoadsInIsolationWithJsonConverterAndJacksonFromTheWorker() throws Exception {
        Class<? extends Converter> type = isolatedConverter().pluginClass();
        assertThat(type).isNotSameAs(FeatureEventJsonConverter.class);
        assertThat(type.getClassLoader()).isNotSameAs(FeatureEventJsonConverter.class.getClassLoader());
        assertThat(type.getSuperclass()).isSameAs(JsonConverter.class);

        Converter converter = type.getDeclaredConstructor().newInstance();
        converter.configure(Map.of("schemas.enable", "false"), false);
        String valid = "{\"user_id\":\"user2\",\"event_type\":\"prediction_input\",\"value\":45,\"timestamp\":\"2026-01-20T15:00:00Z\"}";
        assertThat(converter.toConnectData("raw_data_events", valid.getBytes(StandardCharsets.UTF_8)).value())
                .isEqualTo(Map.of("user_id", "user2", "event_type", "prediction_input", "value", 45L,
                        "timestamp", "2026-01-20T15:00:00Z"));
        byte[] huge = valid.replace("45", "12345678901234567890").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> converter.toConnectData("raw_data_events", huge))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'value': integer 12345678901234567890 does not fit in 64 bits");
    }
}
