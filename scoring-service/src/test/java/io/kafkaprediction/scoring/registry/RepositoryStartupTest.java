package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaprediction.scoring.support.TestRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up of a registry on a model repository, without a server. */
class RepositoryStartupTest {

    @TempDir
    Path root;

    @Test
    void anInvalidRoutingFileStopsTheStartUp() {
        TestRepository repository = new TestRepository(root, "model");
        repository.addVersion("1", 1);
        repository.writeRouting("{\"primary\": \"2\"}");

        assertThatThrownBy(() -> start("model")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot start").hasMessageContaining("primary names version '2', which is not loaded");
    }

    @Test
    void aVersionThatCannotLoadStopsTheStartUp() throws Exception {
        TestRepository repository = new TestRepository(root, "model");
        repository.addVersion("1", 1);
        Files.createDirectories(repository.modelFolder().resolve("2"));
        Files.writeString(repository.modelFolder().resolve("2/model.json"), "{\"learner\": {}}");

        assertThatThrownBy(() -> start("model")).hasMessageContaining("Cannot start")
                .hasMessageContaining(repository.modelFolder().resolve("2/model.json").toString());
    }

    @Test
    void aMissingModelFolderStartsUnreadyAndSaysWhatToCreate() {
        new TestRepository(root, "other");

        try (ModelRegistry registry = start("model")) {
            assertThat(registry.currentIfLoaded()).isEmpty();
            assertThat(registry.state().lastError()).contains("has no folder 'model'").contains("MODEL_NAME");
        }
    }

    @Test
    void anEmptyModelFolderStartsUnreadyUntilAVersionAppears() {
        TestRepository repository = new TestRepository(root, "model");

        try (ModelRegistry registry = start("model")) {
            assertThat(registry.currentIfLoaded()).isEmpty();
            assertThat(registry.state().lastError()).contains("no version of model 'model' is loaded");

            repository.addVersion("1", 1);
            assertThat(registry.checkForChanges()).isTrue();
            assertThat(registry.current().version()).isEqualTo("1");
            assertThat(registry.state().lastError()).isNull();
        }
    }

    private ModelRegistry start(String name) {
        return new ModelRegistry(new ModelSettings(root.toString(), null, name, Duration.ZERO), new SimpleMeterRegistry());
    }
}
