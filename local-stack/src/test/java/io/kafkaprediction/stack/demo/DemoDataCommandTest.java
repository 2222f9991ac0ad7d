package io.kafkaprediction.stack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badOptionsNameTheOptionAndShowTheUsage() {
        assertThat(run("--users", "many")).isEqualTo(2);
        assertThat(err()).contains("demo-data: --users must be an integer, got 'many'").contains(DemoDataCommand.USAGE);
        assertThat(run("--horizon", "6w")).isEqualTo(2);
        assertThat(err()).contains("--horizon must be a positive whole number and a unit s, m, h or d (e.g. 6h), got '6w'");
        assertThat(run("--userz", "5")).isEqualTo(2);
        assertThat(err()).contains("unknown option --userz");
        assertThat(run("--days")).isEqualTo(2);
        assertThat(err()).contains("missing value after --days");
        assertThat(run("--days", "1")).isEqualTo(2);
        assertThat(err()).contains("--days must be at least 2");
    }

    @Test
    void anUnreachableRestProxyFailsNamingItAndLeavesNoLabelsFile(@TempDir Path dir) {
        Path labels = dir.resolve("labels.csv");

        assertThat(run("--users", "3", "--output", labels.toString())).isEqualTo(1);

        assertThat(err()).contains("demo-data: the REST Proxy at http://127.0.0.1:1/topics/raw_data_events did not answer");
        assertThat(labels).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    private int run(String... args) {
        err.reset();
        return DemoDataCommand.run("http://127.0.0.1:1", args, Instant.parse("2026-12-01T00:00:00Z"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
