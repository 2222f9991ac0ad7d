package io.kafkaprediction.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config ./stack starts the service with: logs rotate by size and the number of files is bounded. */
class RollingLogConfigTest {

    @TempDir
    Path dir;

    @Test
    void logsRotateBySizeKeepingAtMostTheConfiguredNumberOfOldFiles() throws Exception {
        Path file = dir.resolve("scoring-service.log");
        LoggerContext context = new LoggerContext(); // its own, not the one the test JVM logs with
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("stack.logFile", file.toString());
        context.putProperty("stack.logMaxSize", "10KB");
        context.putProperty("stack.logMaxFiles", "3");
        context.putProperty("stack.logCheckIncrement", "0 milliseconds");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getClassLoader().getResource("logback-rolling.xml"));

        Logger log = context.getLogger("rolling-test");
        String line = "x".repeat(200);
        for (int i = 0; i < 2_000; i++) { // ~400 KB: forty times the size limit
            log.info("{} {}", i, line);
        }
        context.stop();

        assertThat(names()).containsExactlyInAnyOrder("scoring-service.log", "scoring-service.log.1",
                "scoring-service.log.2", "scoring-service.log.3");
        for (String name : names()) {
            assertThat(Files.size(dir.resolve(name))).as(name).isLessThan(40_000);
        }
        assertThat(Files.readString(file)).contains("1999 ");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
