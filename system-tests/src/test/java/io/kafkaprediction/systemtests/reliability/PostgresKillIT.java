package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * PostgreSQL SIGKILLed mid-stream, postmaster and every backend at once, left down for
 * {@value #DOWN_MS} ms and started again on the same data folder, where it runs crash recovery
 * from the WAL. The batch in flight is lost with its transaction and fails its task; restarted,
 * the task reads that batch again from its committed offsets (the sink commits only the offsets of
 * what it flushed) and inserts it anew. So a redelivery happens, but no row shows it: the rows it
 * wrote are not updates of rows that survived ({@code xmax} stays 0), which the test reports.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class PostgresKillIT {
    static final long DOWN_MS = 5_000;

    @Test
    void everyEventLandsWithItsValueAfterPostgresIsKilledAndRecoversFromItsWal(LocalStack stack) throws Exception {
        Path log = stack.config().dataDir().resolve("logs").resolve("postgres.log");
        long[] logOffset = new long[1];
        double[] startSeconds = new double[1];
        FaultRun.Result result = FaultRun.run(stack, "PostgreSQL SIGKILLed", "postgres-sigkill", () -> {
            logOffset[0] = Files.size(log);
            long pid = stack.postgres().kill();
            System.out.println("RELIABILITY | PostgreSQL postmaster " + pid + " and its backends SIGKILLed");
            Thread.sleep(DOWN_MS);
            long t0 = System.nanoTime();
            stack.postgres().start();
            startSeconds[0] = (System.nanoTime() - t0) / 1e9;
        });
        String afterKill = tail(log, logOffset[0]);
        System.out.println(String.format(Locale.ROOT, "RELIABILITY | PostgreSQL start with crash recovery: %.1f s", startSeconds[0]));

        assertThat(afterKill).as("postgres.log after the kill: the start was a crash recovery")
                .contains("automatic recovery in progress");
        FaultRun.assertEveryEventLandedWithItsValue(result);
        assertThat(result.taskRestarts()).as("failed-task restarts: the kill failed the sink's write in flight").isPositive();
    }

    private static String tail(Path file, long offset) throws java.io.IOException {
        byte[] all = Files.readAllBytes(file);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
    }
}
