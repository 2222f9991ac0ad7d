package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * A network partition of {@value #PARTITION_MS} ms between Connect and PostgreSQL that drops
 * packets instead of refusing them ({@link io.kafkaprediction.stack.TcpProxy#blackhole()}): no
 * reset, no error, the sink's statements simply get no answer until the link heals. Every event
 * must land with its value afterwards; the scoring service, on its own link, keeps answering.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class ConnectPartitionIT {
    static final long PARTITION_MS = 30_000;

    @Test
    void everyEventLandsWithItsValueAfterA30SecondPartitionBetweenConnectAndPostgres(LocalStack stack) throws Exception {
        FaultRun.Result result = FaultRun.run(stack, "Connect-PostgreSQL partition 30 s", "connect-postgres-partition", () -> {
            stack.connectDatabaseLink().blackhole();
            try {
                Thread.sleep(PARTITION_MS);
            } finally {
                stack.connectDatabaseLink().restore();
            }
        });

        FaultRun.assertEveryEventLandedWithItsValue(result);
        assertThat(result.lookupsSent(0, result.faultEndSecond()))
                .as("lookups during the partition of Connect's link (the scoring service has its own)")
                .isNotEmpty().allMatch(l -> l.status() == 200);
    }
}
