package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @Test
    void accessorsExplainThatTheStackIsNotStarted(@TempDir Path dir) {
        LocalStack stack = new LocalStack(StackConfig.builder(dir, dir, dir).build());

        assertThatThrownBy(stack::bootstrapServers).isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka is not running: call LocalStack.start() first");
        assertThatThrownBy(stack::jdbcUrl).hasMessage("PostgreSQL is not running: call LocalStack.start() first");
        assertThatThrownBy(stack::connectUrl).hasMessage("no Kafka Connect worker is running: call start() first");
        assertThatThrownBy(stack::restProxyUrl).hasMessage("REST Proxy is not running: call LocalStack.start() first");
        assertThatThrownBy(stack::scoringUrl)
                .hasMessage("Scoring service (needs StackConfig.scoringJar) is not running: call LocalStack.start() first");
        assertThatThrownBy(stack::scoringDatabaseLink).hasMessageContaining("needs StackConfig.databaseLinks(true)");
    }

    @Test
    void rejectsPortsOutOfRange(@TempDir Path dir) {
        assertThatThrownBy(() -> StackConfig.builder(dir, dir, dir).kafkaPort(70000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port 70000 is out of range 0-65535 (0 = any free port)");
    }
}
