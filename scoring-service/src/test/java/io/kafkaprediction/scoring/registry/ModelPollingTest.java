package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With MODEL_RELOAD_INTERVAL_MS set, a replaced file is picked up without any call. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelPollingTest implements TestPropertyProvider {

    private Path modelFile;

    @Inject
    ModelRegistry registry;

    @Override
    public Map<String, String> getProperties() {
        try {
            modelFile = Files.createTempDirectory("polling-test").resolve("model.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestModels.replaceAtomically(modelFile, 1);
        return Map.of("scoring.model.path", modelFile.toString(), "scoring.model.reload-interval", "100ms");
    }

    @Test
    void aReplacedFileIsPickedUpByThePoller() {
        String before = registry.current().version();

        TestModels.replaceAtomically(modelFile, 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.current().version().equals(before));
        assertThat(registry.state().reloads()).isEqualTo(1);
    }
}
