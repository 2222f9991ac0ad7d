package io.kafkaprediction.stack.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.connect.errors.DataException;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped log4j2 configurations, loaded into their own logger context and written to a temp folder. */
class LogConfigsTest {

    private static final String REST_SERVER = "org.apache.kafka.connect.runtime.rest.RestServer";
    private static final String LOG_REPORTER = "org.apache.kafka.connect.runtime.errors.LogReporter";

    @TempDir
    Path dir;

    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        Stream.of("stack.logFile", "stack.logDir", "stack.logMaxSize", "stack.logMaxFiles").forEach(System::clearProperty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"log4j2-worker.properties", "log4j2.properties"})
    void logsRotateBySizeIntoABoundedNumberOfFiles(String config) throws Exception {
        System.setProperty("stack.logMaxSize", "20KB");
        System.setProperty("stack.logMaxFiles", "3");
        Logger log = start(config).getLogger("org.apache.kafka.connect.runtime.Worker");
        for (int i = 0; i < 5_000; i++) {
            log.info("line {} {}", i, "x".repeat(80));
        }
        context.stop();

        List<Path> files = logFiles();
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(current(config), current(config) + ".1", current(config) + ".2",
                        current(config) + ".3");
        for (Path file : files) {
            assertThat(Files.size(file)).as(file.toString()).isLessThanOrEqualTo(20 * 1024 + 200);
        }
        assertThat(Files.readString(dir.resolve(current(config)))).contains("line 4999 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"log4j2-worker.properties", "log4j2.properties"})
    void theStacksOwnPollingLeavesNoAccessLines(String config) throws Exception {
        Logger access = start(config).getLogger(REST_SERVER);
        access.info("127.0.0.1 - - [03/Dec/2026:14:00:00 +0000] \"GET /connectors/sink/status HTTP/1.1\" 200 180 \"-\" \"local-stack-poll\" 3");
        access.info("127.0.0.1 - - [03/Dec/2026:14:00:01 +0000] \"GET /connectors HTTP/1.1\" 200 20 \"-\" \"curl/7.88.1\" 2");
        context.stop();

        String text = Files.readString(dir.resolve(current(config)));
        assertThat(text).contains("\"curl/7.88.1\"").doesNotContain("local-stack-poll");
    }

    @ParameterizedTest
    @ValueSource(strings = {"log4j2-worker.properties", "log4j2.properties"})
    void aDeadLetterIsOneWarnLineWithItsReason(String config) throws Exception {
        Logger reporter = start(config).getLogger(LOG_REPORTER);
        DataException error = new DataException("Converting byte[] to Kafka Connect data failed due to serialization error: ",
                new IllegalStateException("record value is not JSON: Unrecognized token 'hello'"));
        reporter.error("Error encountered in task sink-0. Executing stage 'VALUE_CONVERTER' with class "
                + "'io.kafkaprediction.transforms.FeatureEventJsonConverter'.", error);
        context.stop();

        List<String> lines = Files.readAllLines(dir.resolve(current(config)));
        assertThat(lines).singleElement().asString()
                .contains("] WARN Error encountered in task sink-0. Executing stage 'VALUE_CONVERTER'")
                .contains("Reason: Converting byte[] to Kafka Connect data failed due to serialization error: "
                        + "record value is not JSON: Unrecognized token 'hello'");
    }

    private LoggerContext start(String config) throws URISyntaxException {
        System.setProperty("stack.logFile", dir.resolve("connect.log").toString());
        System.setProperty("stack.logDir", dir.toString());
        context = new LoggerContext("test-" + config, null, getClass().getClassLoader().getResource(config).toURI());
        context.start();
        return context;
    }

    /** Where the worker writes everything, and where the stack JVM writes Kafka's (and Connect's) loggers. */
    private static String current(String config) {
        return config.contains("worker") ? "connect.log" : "kafka.log";
    }

    private List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && Files.isReadable(p))
                    .filter(p -> {
                        try {
                            return Files.size(p) > 0;
                        } catch (IOException e) {
                            return false;
                        }
                    }).toList();
        }
    }

    @Test
    void reasonJoinsTheCauseChainWithoutRepeats() {
        Throwable parse = new IllegalStateException("Unrecognized token 'hello'\n at [Source: REDACTED]");
        Throwable chain = new DataException("outer failed: Unrecognized token 'hello' (line 1, column 1)",
                new RuntimeException(parse.toString(), parse));
        assertThat(DeadLetterLogPolicy.reason(chain)).isEqualTo("outer failed: Unrecognized token 'hello' (line 1, column 1)");
        Throwable plain = new DataException("outer failed: ", new RuntimeException("inner cause\n\tmore", new RuntimeException("inner cause")));
        assertThat(DeadLetterLogPolicy.reason(plain)).isEqualTo("outer failed: inner cause");
    }
}
