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

    /** The Kafka broker (KRaft, same port and log folder). */
    @Test
    void everyEventLandsExactlyOnceAcrossABrokerRestart(LocalStack stack) throws Exception {
        assertEveryEventExactlyOnceAcross(stack, "Kafka broker restarted", () -> {
            stack.kafka().stop();
            stack.kafka().start(Duration.ofSeconds(60));
        });
    }

    @Test
    void everyEventLandsExactlyOnceAcrossAPostgresRestart(LocalStack stack) throws Exception {
        assertEveryEventExactlyOnceAcross(stack, "PostgreSQL restarted", () -> {
            stack.postgres().stop();
            stack.postgres().start();
        });
    }

    private static void assertEveryEventExactlyOnceAcross(LocalStack stack, String name, IngestionUnderFault.Fault fault)
            throws Exception {
        IngestionUnderFault.assertEveryEventExactlyOnce(IngestionUnderFault.run(stack, name, fault));
    }
}
