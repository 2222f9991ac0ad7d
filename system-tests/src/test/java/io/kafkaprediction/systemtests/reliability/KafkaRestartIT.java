package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/** The Kafka broker (KRaft, same port and log folder) shut down and started again mid-stream. */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class KafkaRestartIT {

    @Test
    void everyEventLandsExactlyOnceAcrossABrokerRestart(LocalStack stack) throws Exception {
        IngestionUnderFault.Result result = IngestionUnderFault.run(stack, "Kafka broker restarted", () -> {
            stack.kafka().stop();
            stack.kafka().start(Duration.ofSeconds(60));
        });

        IngestionUnderFault.assertEveryEventExactlyOnce(result);
    }
}
