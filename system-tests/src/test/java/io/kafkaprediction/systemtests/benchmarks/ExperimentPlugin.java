package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.apache.kafka.connect.transforms.Transformation;

/**
 * Packs {@link UuidFeatureIdSchema} as a Connect plugin (jar with its ServiceLoader manifest, as
 * {@code plugin.discovery=service_load} requires) into a plugin folder of this run only.
 */
final class ExperimentPlugin {
    private ExperimentPlugin() {
    }

    static void install(Path pluginPath) throws IOException {
        Path dir = Files.createDirectories(pluginPath.resolve("benchmark-experiments"));
        String className = UuidFeatureIdSchema.class.getName();
        String resource = className.replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(dir.resolve("benchmark-experiments.jar"));
             JarOutputStream jar = new JarOutputStream(file);
             InputStream classBytes = UuidFeatureIdSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (classBytes == null) {
                throw new IOException("cannot read " + resource + " from the classpath");
            }
            jar.putNextEntry(new JarEntry(resource));
            classBytes.transferTo(jar);
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/services/" + Transformation.class.getName()));
            jar.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }
}
