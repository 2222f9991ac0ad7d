package io.kafkaprediction.systemtests.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Connect's path to PostgreSQL cut for 60 s (every connection dropped, new ones refused), longer
 * than any sink retry: the pipeline must come back by itself once the database is reachable.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class PostgresOutageIT {
    static final long OUTAGE_MS = 60_000;

    @Test
    void everyEventLandsExactlyOnceAfterPostgresIsUnreachableForAMinute(LocalStack stack) throws Exception {
        IngestionUnderFault.Result result = IngestionUnderFault.run(stack, "PostgreSQL unreachable for 60 s", () -> {
            stack.connectDatabaseLink().cut();
            try {
                Thread.sleep(OUTAGE_MS);
            } finally {
                stack.connectDatabaseLink().restore();
            }
        });

        // Redeliveries reported, not required: a failed task commits the offsets of what it wrote, and
        // its failed batch was rolled back, so the replay usually inserts afresh (RowAudit).
        IngestionUnderFault.assertEveryEventExactlyOnceWithItsValue(result, false);
    }
}
