package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;
import java.util.Locale;

import io.kafkaprediction.stack.LocalStack;

/**
 * One ingestion run with a fault in the middle: a paced producer sends {@link #EVENTS} events at
 * {@link #RATE}/s; once {@link #FAULT_AFTER} are out the fault is injected and healed (the
 * {@link Fault} blocks for its whole length); then the rows are counted against the events sent.
 *
 * <p>Recovery time: from the end of the fault until every event acknowledged by then has its row
 * (counted by natural key, so rows of a healthy partition cannot make up for a stalled one).
 */
final class IngestionUnderFault {
    static final int EVENTS = 100_000;
    static final int RATE = 10_000;
    static final int FAULT_AFTER = 30_000;
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(4);

    /** Injects the fault and heals it before returning. */
    @FunctionalInterface
    interface Fault {
        void injectAndHeal() throws Exception;
    }

    /** {@code audit}: every row's value against the event sent, and the redeliveries the upsert absorbed. */
    record Result(String fault, FeatureRows.Tally tally, int acknowledged, int producerFailures, double faultSeconds,
                  double recoverySeconds, double drainSeconds, int notRunningPolls, int watchPolls, RowAudit.Audit audit) {
        /** One line of the table in RELIABILITY.md. */
        String figures() {
            // Not "duplicated": the primary key makes that 0; the replays it absorbed are the figure.
            return String.format(Locale.ROOT, "RELIABILITY | %s | sent %d | rows %d | distinct %d | lost %d"
                            + " | wrong feature_value %d | redeliveries absorbed %d"
                            + " | fault %.1f s | recovery %.1f s | last rows in %.1f s after the producer finished"
                            + " | connector not RUNNING in %d of %d status polls",
                    fault, acknowledged, tally.rows(), tally.distinctIds(), tally.lost(), audit.wrongValues(), audit.redelivered(),
                    faultSeconds, recoverySeconds, drainSeconds, notRunningPolls, watchPolls);
        }
    }

    private IngestionUnderFault() {
    }

    /** Every event acknowledged by Kafka is one row: none lost, none twice, nothing else. */
    static void assertEveryEventExactlyOnce(Result result) {
        FeatureRows.Tally tally = result.tally();
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(result.producerFailures()).as("events Kafka did not acknowledge").isZero();
            soft.assertThat(result.acknowledged()).as("events acknowledged").isEqualTo(EVENTS);
            soft.assertThat(tally.lost()).as("events without a row (%s)", tally).isZero();
            soft.assertThat(tally.unexpected()).as("rows matching no event sent (%s)", tally).isZero();
            soft.assertThat(tally.rows()).as("count(*) (%s)", tally).isEqualTo(EVENTS);
            soft.assertThat(tally.distinctIds()).as("count(distinct feature_id) (%s)", tally).isEqualTo(EVENTS);
        });
    }

    /**
     * {@link #assertEveryEventExactlyOnce} and every row's {@code feature_value} as sent; with
     * {@code faultRedelivers}, also that the fault made the sink replay records (see {@link RowAudit}).
     */
    static void assertEveryEventExactlyOnceWithItsValue(Result result, boolean faultRedelivers) {
        assertEveryEventExactlyOnce(result);
        RowAudit.assertValuesAsSent(result.audit(), faultRedelivers);
    }

    static Result run(LocalStack stack, String name, Fault fault) throws Exception {
        FeatureRows rows = new FeatureRows(stack);
        RowAudit.countReplays(stack);
        int from = FeatureEvents.newRange();
        try (ConnectorWatch watch = new ConnectorWatch(stack).start();
             PacedProducer producer = new PacedProducer(stack.bootstrapServers(), from, EVENTS, RATE).start()) {
            producer.awaitSent(FAULT_AFTER, Duration.ofMinutes(1));
            long faultStart = System.nanoTime();
            fault.injectAndHeal();
            long faultEnd = System.nanoTime();
            int ackedAtFaultEnd = producer.acknowledged();
            // The first events sent, as many as were acknowledged when the fault ended: all must be rows.
            double recovery = rows.awaitCount(from, ackedAtFaultEnd, ackedAtFaultEnd, CATCH_UP_LIMIT, watch::current);
            producer.awaitDone(Duration.ofMinutes(5));
            double drain = rows.awaitCount(from, EVENTS, producer.acknowledged(), CATCH_UP_LIMIT, watch::current);
            FeatureRows.Tally tally = rows.tally(from, EVENTS);
            RowAudit.Audit audit = RowAudit.of(stack, from, EVENTS);
            Result result = new Result(name, tally, producer.acknowledged(), producer.failed(),
                    (faultEnd - faultStart) / 1e9, recovery, drain, watch.notRunning().size(), watch.polls(), audit);
            System.out.println(result.figures());
            System.out.println(audit.figures(name));
            watch.notRunning().stream().distinct().limit(5).forEach(r -> System.out.println("  not RUNNING: " + r));
            if (producer.firstFailure() != null) {
                System.out.println("  first producer failure: " + producer.firstFailure());
            }
            return result;
        }
    }
}
