package io.kafkaprediction.systemtests.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/** PostgreSQL stopped and started again (same port, same data) while events stream in. */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class PostgresRestartIT {

    @Test
    void everyEventLandsExactlyOnceAcrossAPostgresRestart(LocalStack stack) throws Exception {
        IngestionUnderFault.Result result = IngestionUnderFault.run(stack, "PostgreSQL restarted", () -> {
            stack.postgres().stop();
            stack.postgres().start();
        });

        IngestionUnderFault.assertEveryEventExactlyOnce(result);
    }
}
