package io.kafkaprediction.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Makes a second installable version of our SMT plugin from the built one: the same classes with
 * another version in {@code plugin-version.properties}, which is where the transforms read what
 * {@code Versioned.version()} reports. Connect then lists both and loads each in its own class loader.
 */
final class SecondPluginVersion {
    static final String VERSION_RESOURCE = "io/kafkaprediction/transforms/plugin-version.properties";

    private SecondPluginVersion() {
    }

    static String versionOf(Path pluginFolder) throws IOException {
        try (ZipFile jar = new ZipFile(pluginJar(pluginFolder).toFile())) {
            ZipEntry entry = jar.getEntry(VERSION_RESOURCE);
            if (entry == null) {
                throw new IllegalStateException(pluginJar(pluginFolder) + " has no " + VERSION_RESOURCE);
            }
            Properties props = new Properties();
            try (InputStream in = jar.getInputStream(entry)) {
                props.load(in);
            }
            return props.getProperty("version");
        }
    }

    static void create(Path source, Path target, String version) throws IOException {
        Files.createDirectories(target.resolve("lib"));
        Path sourceJar = pluginJar(source);
        Path targetJar = target.resolve("lib").resolve("kafkaprediction-feature-transforms-" + version + ".jar");
        try (ZipFile in = new ZipFile(sourceJar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(targetJar))) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(VERSION_RESOURCE)) {
                    out.write(("version=" + version + "\n").getBytes(StandardCharsets.ISO_8859_1));
                } else if (!entry.isDirectory()) {
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Path manifest = source.resolve("manifest.json");
        if (Files.exists(manifest)) {
            String json = Files.readString(manifest).replace(versionOf(source), version);
            try (OutputStream o = Files.newOutputStream(target.resolve("manifest.json"))) {
                o.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Path pluginJar(Path pluginFolder) throws IOException {
        try (Stream<Path> jars = Files.list(pluginFolder.resolve("lib"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("kafkaprediction-feature-transforms"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plugin jar in " + pluginFolder.resolve("lib")));
        }
    }
}
