package io.kafkaprediction.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The archive `mvn package` builds: Confluent Hub layout, our jar only, the build's version everywhere. */
class PluginArchiveIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("plugin.archive"));
    private static final String TOP = System.getProperty("plugin.name") + "/";
    private static final String VERSION = System.getProperty("plugin.version");

    private static List<String> entries;

    @BeforeAll
    static void listArchive() throws IOException {
        assertThat(ARCHIVE).exists().hasFileName(System.getProperty("plugin.name") + ".zip");
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
            entries = Collections.list(zip.entries()).stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).sorted().toList();
        }
    }

    private static byte[] read(String entry) throws IOException {
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return in.readAllBytes();
        }
    }

    @Test
    void holdsTheManifestTheDocsAndOnlyOurJar() {
        assertThat(entries).containsExactly(
                TOP + "doc/README.md",
                TOP + "lib/kafkaprediction-feature-transforms-" + VERSION + ".jar",
                TOP + "manifest.json");
    }

    @Test
    void manifestHasTheConfluentHubFieldsAndTheBuildVersion() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(read(TOP + "manifest.json"));
        assertThat(manifest.path("name").asText()).isEqualTo("feature-transforms");
        assertThat(manifest.path("version").asText()).isEqualTo(VERSION);
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo("kafkaprediction");
        assertThat(manifest.path("component_types").toString()).isEqualTo("[\"transform\",\"converter\"]");
        for (String field : List.of("title", "description", "license", "features", "tags", "requirements")) {
            assertThat(manifest.has(field)).as(field).isTrue();
        }
        assertThat(TOP).isEqualTo(manifest.path("owner").path("username").asText() + "-" + manifest.path("name").asText()
                + "-" + VERSION + "/");
    }

    @Test
    void jarRegistersBothTransformsTheConverterAndCarriesTheVersion() throws IOException {
        byte[] jar = read(TOP + "lib/kafkaprediction-feature-transforms-" + VERSION + ".jar");
        String services = null;
        String converters = null;
        Properties version = new Properties();
        boolean hasKafkaOrJackson = false;
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("META-INF/services/org.apache.kafka.connect.transforms.Transformation")) {
                    services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().equals("META-INF/services/org.apache.kafka.connect.storage.Converter")) {
                    converters = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().equals("io/kafkaprediction/transforms/plugin-version.properties")) {
                    version.load(in);
                }
                hasKafkaOrJackson |= e.getName().startsWith("org/apache/kafka/") || e.getName().startsWith("com/fasterxml/");
            }
        }
        assertThat(services).contains("io.kafkaprediction.transforms.ValidateFeatureEvent",
                "io.kafkaprediction.transforms.ToUserFeature");
        assertThat(converters).contains("io.kafkaprediction.transforms.FeatureEventJsonConverter");
        assertThat(version.getProperty("version")).isEqualTo(VERSION);
        assertThat(hasKafkaOrJackson).isFalse();
    }

    @Test
    void installedVersionIsTheAttachedArtifactMavenDependentsGet() {
        // local-stack depends on io.kafkaprediction:connect-transforms:<version>:zip:plugin; build-helper attaches this file.
        assertThat(Files.isRegularFile(ARCHIVE)).isTrue();
    }
}
