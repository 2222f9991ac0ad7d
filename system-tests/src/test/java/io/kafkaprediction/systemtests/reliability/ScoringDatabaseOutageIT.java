package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * The scoring service's path to PostgreSQL cut for 10 s and restored, while events stream in:
 * lookups answer 503 while it is cut and 200 again afterwards, from the same process.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class ScoringDatabaseOutageIT {
    private static final String LOOKUP = "{\"user_id\":\"" + FeatureEvents.userId(1) + "\"}";
    private static final long OUTAGE_MS = 10_000;

    @Test
    void lookupsAnswer503WhileTheDatabaseIsCutAnd200AfterwardsWithoutARestart(LocalStack stack) throws Exception {
        String predict = stack.scoringUrl() + "/predict";
        long pid = stack.scoring().pid();
        List<Integer> duringCut = new ArrayList<>();
        List<String> problemBodies = new ArrayList<>();
        double[] secondsToFirst200 = new double[1];

        IngestionUnderFault.Result result = IngestionUnderFault.run(stack, "scoring service's database link cut for 10 s", () -> {
            awaitStatus(predict, 200, 60);
            stack.scoringDatabaseLink().cut();
            long end = System.currentTimeMillis() + OUTAGE_MS;
            try {
                while (System.currentTimeMillis() < end) {
                    Http.Reply reply = Http.postJson(predict, LOOKUP);
                    duringCut.add(reply.status());
                    if (problemBodies.size() < 1) {
                        problemBodies.add(reply.body());
                    }
                    Thread.sleep(200);
                }
            } finally {
                stack.scoringDatabaseLink().restore();
            }
            secondsToFirst200[0] = awaitStatus(predict, 200, 60);
        });

        System.out.println(String.format(Locale.ROOT, "RELIABILITY | scoring lookups during the cut: %d, all 503: %s;"
                + " first 200 %.1f s after the link came back; first 503 body: %s",
                duringCut.size(), duringCut.stream().allMatch(s -> s == 503), secondsToFirst200[0], problemBodies));
        assertThat(duringCut).as("lookup statuses while the database link is cut").isNotEmpty().containsOnly(503);
        assertThat(stack.scoring().pid()).as("scoring service process (no restart)").isEqualTo(pid);
        assertThat(Http.postJson(predict, LOOKUP).status()).isEqualTo(200);
        // Ingestion's own path is untouched: its redeliveries are reported, not required.
        IngestionUnderFault.assertEveryEventExactlyOnceWithItsValue(result, false);
    }

    /** Polls until the lookup answers {@code status}; returns the seconds it took. */
    private static double awaitStatus(String predict, int status, int timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        Http.Reply last = null;
        while (System.nanoTime() - start < timeoutSeconds * 1_000_000_000L) {
            last = Http.postJson(predict, LOOKUP);
            if (last.status() == status) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("POST /predict " + LOOKUP + " did not answer " + status + " within " + timeoutSeconds
                + " s; last answer " + last);
    }
}
