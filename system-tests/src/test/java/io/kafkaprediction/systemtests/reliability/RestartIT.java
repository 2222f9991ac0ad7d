package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/** A service of the stack shut down and started again (same port, same data) while events stream in. */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class RestartIT {

    /**
     * The Kafka broker (KRaft, same port and log folder). The consumers keep their positions across
     * it (the connector stays RUNNING), so a replay is possible but not required: reported only.
     */
    @Test
    void everyEventLandsExactlyOnceAcrossABrokerRestart(LocalStack stack) throws Exception {
        assertEveryEventExactlyOnceAcross(stack, "Kafka broker restarted", false, () -> {
            stack.kafka().stop();
            stack.kafka().start(Duration.ofSeconds(60));
        });
    }

    /**
     * PostgreSQL: a task fails and is restarted. Its redeliveries are reported, not required: the
     * failed task commits the offsets of what it wrote, and its failed batch was rolled back, so the
     * replay may insert afresh.
     */
    @Test
    void everyEventLandsExactlyOnceAcrossAPostgresRestart(LocalStack stack) throws Exception {
        assertEveryEventExactlyOnceAcross(stack, "PostgreSQL restarted", false, () -> {
            stack.postgres().stop();
            stack.postgres().start();
        });
    }

    private static void assertEveryEventExactlyOnceAcross(LocalStack stack, String name, boolean faultRedelivers,
                                                          IngestionUnderFault.Fault fault) throws Exception {
        IngestionUnderFault.assertEveryEventExactlyOnceWithItsValue(IngestionUnderFault.run(stack, name, fault), faultRedelivers);
    }
}
