package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Two Connect workers in one group share the connector's tasks; one is killed with SIGKILL
 * mid-stream and the survivor takes its tasks over once the worker group's session timeout (6 s)
 * has dropped it and the sink group's (6 s) its consumer; the scheduled rebalance delay is 0.
 * Its "recovery" figure is RELIABILITY.md's failover time (not asserted: timing is no test here).
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class WorkerKillIT {

    @Test
    void everyEventLandsExactlyOnceWhenAWorkerIsKilledAndTheOtherTakesOver(LocalStack stack) throws Exception {
        List<ConnectWorker> live = stack.workers().stream().filter(ConnectWorker::isAlive).toList();
        if (live.size() < 2) {
            stack.startWorker("connect-2", List.of());
        }
        Set<String> before = awaitTasksOnWorkers(stack, 2, Duration.ofSeconds(90));
        System.out.println("RELIABILITY | tasks before the kill run on " + before);
        ConnectWorker victim = stack.workers().stream().filter(ConnectWorker::isAlive).findFirst().orElseThrow();
        long victimPid = victim.pid();

        FaultRun.Result result;
        try {
            System.out.println("RELIABILITY | SIGKILL of Connect worker pid " + victimPid + ", 2 workers");
            result = FaultRun.run(stack, "Connect worker SIGKILLed", "connect-worker-sigkill", victim::kill);
            Set<String> after = awaitTasksOnWorkers(stack, 1, Duration.ofSeconds(5));
            System.out.println("RELIABILITY | tasks after the kill run on " + after);
            assertThat(after).as("workers running tasks after the kill").doesNotContain(victim.url().replace("http://", ""));
        } finally {
            victim.start(Duration.ofSeconds(90));
        }

        assertThat(before).as("workers sharing the tasks before the kill").hasSize(2);
        // The killed worker committed no offsets for what it wrote last: the survivor writes it again.
        FaultRun.assertEveryEventLandedWithItsValue(result, true);
    }

    /** Waits until the RUNNING tasks are spread over at least {@code workers} workers; returns their ids. */
    private static Set<String> awaitTasksOnWorkers(LocalStack stack, int workers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> ids = new TreeSet<>();
        while (System.nanoTime() < deadline) {
            ids.clear();
            try {
                JsonNode status = stack.connectClient().status(StackNames.CONNECTOR).body();
                for (JsonNode task : status.path("tasks")) {
                    if ("RUNNING".equals(task.path("state").asText())) {
                        ids.add(task.path("worker_id").asText());
                    }
                }
            } catch (RuntimeException e) {
                // a worker mid-rebalance: ask again
            }
            if (ids.size() >= workers) {
                return ids;
            }
            Thread.sleep(500);
        }
        return ids;
    }
}
