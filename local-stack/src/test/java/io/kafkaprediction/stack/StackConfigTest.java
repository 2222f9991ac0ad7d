package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StackConfigTest {
    private static final StackConfig.Builder BUILDER = StackConfig.builder(Path.of("data"), Path.of("plugins"), Path.of("configs"));

    @Test
    void restartsFailedTasksByDefault() {
        assertThat(BUILDER.build().restartFailedTasks()).isTrue();
    }

    @Test
    void keepsRestartFailedTasksOffThroughToBuilder() {
        StackConfig off = BUILDER.restartFailedTasks(false).build();

        assertThat(off.toBuilder().build().restartFailedTasks()).isFalse();
    }
}
