package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * A packet-dropping partition of {@value #PARTITION_MS} ms between the scoring service and
 * PostgreSQL, while events stream in: lookups cannot be answered with data, so every one answers
 * 503 within its deadline (none hangs for the 2 s the probe waits); once the link heals they
 * answer 200 again from the same process. Ingestion, on Connect's own link, is not touched.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class ScoringPartitionIT {
    static final long PARTITION_MS = 30_000;
    /** Lookups sent this long after the partition began may still have been answered from before it. */
    private static final double SETTLE_SECONDS = 1.0;
    private static final double RECOVERY_BOUND_SECONDS = 30;

    @Test
    void lookupsFailWithoutDataDuringA30SecondPartitionAndAnswer200AfterItHeals(LocalStack stack) throws Exception {
        long pid = stack.scoring().pid();
        FaultRun.Result result = FaultRun.run(stack, "scoring-PostgreSQL partition 30 s", "scoring-postgres-partition", () -> {
            stack.scoringDatabaseLink().blackhole();
            try {
                Thread.sleep(PARTITION_MS);
            } finally {
                stack.scoringDatabaseLink().restore();
            }
        });

        double healed = result.faultEndSecond();
        List<LookupProbe.Lookup> during = result.lookupsSent(SETTLE_SECONDS, healed - LookupProbe.ANSWER_TIMEOUT.toSeconds());
        List<LookupProbe.Lookup> after = result.lookupsSent(healed, Double.MAX_VALUE);
        double first200 = after.stream().filter(l -> l.status() == 200)
                .mapToDouble(l -> (l.sentNanos() - result.faultStartNanos()) / 1e9 - healed).min().orElse(Double.NaN);
        System.out.println(String.format(Locale.ROOT, "RELIABILITY | scoring partition: lookups during it %s;"
                + " first 200 sent %.2f s after the link healed", byStatus(during), first200));

        // The lookup deadline (LOOKUP_TIMEOUT_MS) answers each one 503 at once: none waits for the link.
        assertThat(during).as("lookups sent while the scoring service's link dropped packets").isNotEmpty()
                .allMatch(l -> l.status() == 503, "answered 503");
        assertThat(first200).as("seconds from the heal to the first lookup answered 200").isLessThan(RECOVERY_BOUND_SECONDS);
        assertThat(after.get(after.size() - 1).status()).as("the last lookup of the run").isEqualTo(200);
        assertThat(stack.scoring().pid()).as("scoring service process (no restart)").isEqualTo(pid);
        FaultRun.assertEveryEventLandedWithItsValue(result);
    }

    /** {200=…, 503=…, no answer=…}. */
    static Map<String, Long> byStatus(List<LookupProbe.Lookup> lookups) {
        return lookups.stream().collect(Collectors.groupingBy(
                l -> l.status() == LookupProbe.NO_ANSWER ? "no answer" : Integer.toString(l.status()),
                TreeMap::new, Collectors.counting()));
    }
}
