package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * The Connect worker runs in Asia/Kathmandu (+05:45, a zone no rounding hides)
 * and every timestamp still lands in {@code timestamptz} exact to the millisecond.
 */
@ExtendWith(SystemStack.class)
class TimeZoneIT {
    @Test
    void workerRunsInANonUtcZone() throws Exception {
        ConnectWorker worker = SystemStack.stack().worker();
        // /proc, not ProcessHandle.info(): the JDK gives up on command lines as long as this classpath.
        List<String> arguments = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(worker.pid()), "cmdline")),
                StandardCharsets.UTF_8).split("\0"));

        assertThat(arguments).contains("-Duser.timezone=" + SystemStack.WORKER_ZONE);
    }

    @Test
    void timestampsAreExactToTheMillisecondWhateverTheWorkerZone() {
        String user = "zone-" + UUID.randomUUID();
        List<Landing> cases = List.of(
                new Landing("utc-millis", "\"2026-01-20T15:00:00.123Z\"", Instant.parse("2026-01-20T15:00:00.123Z")),
                new Landing("dst-change-berlin", "\"2026-03-29T01:30:00.999+01:00\"", Instant.parse("2026-03-29T00:30:00.999Z")),
                new Landing("kathmandu-offset", "\"2026-07-01T12:00:00.5+05:45\"", Instant.parse("2026-07-01T06:15:00.500Z")),
                new Landing("far-west", "\"2026-01-20T23:59:59.001-11:00\"", Instant.parse("2026-01-21T10:59:59.001Z")),
                new Landing("epoch-millis", "1768921200456", Instant.ofEpochMilli(1768921200456L)),
                new Landing("first-milli-of-epoch", "\"1970-01-01T00:00:00.001Z\"", Instant.ofEpochMilli(1)),
                new Landing("before-epoch", "\"1969-12-31T23:59:59.999Z\"", Instant.ofEpochMilli(-1)));
        Map<String, Instant> expected = cases.stream().collect(Collectors.toMap(Landing::eventType, Landing::lands));
        cases.forEach(c -> SystemStack.pipeline().produceJson("{\"user_id\":\"" + user + "\",\"event_type\":\""
                + c.eventType() + "\",\"value\":1,\"timestamp\":" + c.timestampJson() + "}"));

        List<Pipeline.Row> rows = SystemStack.pipeline().awaitRows(user, expected.size());

        assertThat(rows).hasSize(expected.size());
        for (Pipeline.Row row : rows) {
            assertThat(row.timestamp()).as(row.eventType()).isEqualTo(expected.get(row.eventType()));
        }
    }

    /** An event's timestamp as the JSON carries it, and the instant it must land as. */
    private record Landing(String eventType, String timestampJson, Instant lands) {
    }
}
