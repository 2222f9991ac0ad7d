package io.kafkaprediction.scoring.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The properties the service tests start it with: a model file and, when they look features up, the test database. */
public final class ServiceProperties {

    private ServiceProperties() {
    }

    /** A fresh temporary directory; unchecked, since {@code getProperties()} cannot throw. */
    public static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A demo model trained into {@code model.json} of a fresh temporary directory. */
    public static Path demoModel(String prefix, long seed) {
        return TestModels.demo(temporaryDirectory(prefix).resolve("model.json"), seed);
    }

    /** Mutable, so a test can add its own settings: the model path and the test database as the feature store. */
    public static Map<String, String> withDatabase(Path modelFile) {
        Map<String, String> props = new HashMap<>();
        TestDatabase.datasourceProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
        props.put("scoring.model.path", modelFile.toString());
        return props;
    }
}
