package io.kafkaprediction.systemtests.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.assertj.core.api.SoftAssertions;

import io.kafkaprediction.stack.LocalStack;

/**
 * A fault test's run with its timeline: {@link IngestionUnderFault#EVENTS} events at
 * {@link IngestionUnderFault#RATE}/s, the fault injected after {@link IngestionUnderFault#FAULT_AFTER}
 * and healed, while the rows of the range are counted twice a second and feature lookups probe the
 * scoring service twenty times a second. Afterwards every row is audited against its event
 * ({@link RowAudit}: values as sent, redeliveries absorbed), and the timeline is written as CSV and drawn as a PNG under
 * {@code target/reliability-timelines/}.
 *
 * <p>Recovery, as in {@link IngestionUnderFault}: from the end of the fault until every event
 * acknowledged by then has its row. Stall: the longest time in which no new row became visible,
 * around the fault.
 */
final class FaultRun {
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(3);
    /** Seconds of steady state recorded after the last row, so the chart shows the recovery settle. */
    private static final long TAIL_MS = 3_000;

    record Result(String fault, RowAudit.Audit audit, int acknowledged, int producerFailures, double faultSeconds,
                  double recoverySeconds, double stallSeconds, int taskRestarts, int notRunningPolls, int watchPolls,
                  FaultTimeline timeline, List<LookupProbe.Lookup> lookups, long startNanos, long faultStartNanos,
                  long faultEndNanos) {
        String figures() {
            return String.format(Locale.ROOT, "RELIABILITY | %s | sent %d | rows %d | found %d | lost %d | wrong value %d"
                            + " | updated by a redelivery %d | fault %.1f s | no new row for %.1f s | recovery %.1f s"
                            + " | failed-task restarts %d | connector not RUNNING in %d of %d polls | %s",
                    fault, acknowledged, audit.rows(), audit.found(), audit.lost(), audit.wrongValues(), audit.redelivered(),
                    faultSeconds, stallSeconds, recoverySeconds, taskRestarts, notRunningPolls, watchPolls, timeline.summary());
        }

        /** Lookups sent between {@code fromSecond} and {@code toSecond} after the fault's start. */
        List<LookupProbe.Lookup> lookupsSent(double fromSecond, double toSecond) {
            return lookups.stream().filter(l -> {
                double t = (l.sentNanos() - faultStartNanos) / 1e9;
                return t >= fromSecond && t < toSecond;
            }).toList();
        }

        double faultEndSecond() {
            return (faultEndNanos - faultStartNanos) / 1e9;
        }
    }

    private FaultRun() {
    }

    /**
     * @param slug the timeline's file name ({@code postgres-sigkill}: .csv and .png)
     */
    static Result run(LocalStack stack, String name, String slug, IngestionUnderFault.Fault fault) throws Exception {
        int events = IngestionUnderFault.EVENTS;
        int from = FeatureEvents.newRange();
        FeatureRows rows = new FeatureRows(stack);
        int restartsBefore = stack.failedTaskRestarts();
        RowAudit.countReplays(stack);
        long start = System.nanoTime();
        long faultStart;
        long faultEnd;
        double recovery;
        int acknowledged;
        int failures;
        Exception firstFailure;
        List<RowSampler.Sample> samples;
        List<LookupProbe.Lookup> lookups;
        int notRunning;
        int polls;
        try (ConnectorWatch watch = new ConnectorWatch(stack).start();
             RowSampler sampler = new RowSampler(stack, from, events).start();
             LookupProbe probe = new LookupProbe(stack.scoringUrl()).start();
             PacedProducer producer = new PacedProducer(stack.bootstrapServers(), from, events, IngestionUnderFault.RATE).start()) {
            producer.awaitSent(IngestionUnderFault.FAULT_AFTER, Duration.ofMinutes(1));
            faultStart = System.nanoTime();
            fault.injectAndHeal();
            faultEnd = System.nanoTime();
            int ackedAtFaultEnd = producer.acknowledged();
            recovery = rows.awaitCount(from, ackedAtFaultEnd, ackedAtFaultEnd, CATCH_UP_LIMIT, watch::current);
            producer.awaitDone(Duration.ofMinutes(5));
            rows.awaitCount(from, events, producer.acknowledged(), CATCH_UP_LIMIT, watch::current);
            Thread.sleep(TAIL_MS);
            samples = sampler.finish();
            lookups = probe.finish();
            acknowledged = producer.acknowledged();
            failures = producer.failed();
            firstFailure = producer.firstFailure();
            notRunning = watch.notRunning().size();
            polls = watch.polls();
            watch.notRunning().stream().distinct().limit(5).forEach(r -> System.out.println("  not RUNNING: " + r));
        }
        RowAudit.Audit audit = RowAudit.of(stack, from, events);
        FaultTimeline timeline = FaultTimeline.of(name, start, faultStart, faultEnd, samples, lookups);
        Path csv = timeline.writeCsv(slug);
        Path png = csv.resolveSibling(slug + ".png");
        try {
            TimelineChart.draw(timeline, png);
        } catch (Exception | Error e) {
            // The chart documents the run; the counts above are what the test asserts.
            System.out.println("RELIABILITY | chart " + png + " not drawn: " + e);
        }
        Result result = new Result(name, audit, acknowledged, failures, (faultEnd - faultStart) / 1e9, recovery,
                longestStall(samples, faultStart, faultEnd), stack.failedTaskRestarts() - restartsBefore, notRunning, polls,
                timeline, lookups, start, faultStart, faultEnd);
        System.out.println(result.figures());
        System.out.println("RELIABILITY | timeline " + csv.toAbsolutePath() + " and " + png.getFileName());
        if (firstFailure != null) {
            System.out.println("  first producer failure: " + firstFailure);
        }
        return result;
    }

    /**
     * The longest time between two counts of which the later saw new rows, for gaps that overlap the
     * fault: how long ingestion visibly stood still (a failed count counts as no new row).
     */
    private static double longestStall(List<RowSampler.Sample> samples, long faultStart, long faultEnd) {
        long longest = 0;
        long lastGrowth = faultStart;
        long lastRows = -1;
        for (RowSampler.Sample sample : samples) {
            if (sample.nanos() < faultStart) {
                lastRows = Math.max(lastRows, sample.rows());
                continue;
            }
            if (sample.rows() > lastRows) {
                if (sample.nanos() > faultStart) {
                    longest = Math.max(longest, sample.nanos() - lastGrowth);
                }
                lastGrowth = sample.nanos();
                lastRows = sample.rows();
                if (sample.nanos() > faultEnd) {
                    break; // rows flow again after the fault
                }
            }
        }
        return longest / 1e9;
    }

    /** Every event acknowledged is one row with the value sent: none lost, none wrong, nothing else. */
    static void assertEveryEventLandedWithItsValue(Result result) {
        assertEveryEventLandedWithItsValue(result, false);
    }

    /**
     * The same, and when {@code faultRedelivers}, the fault made the sink write some records again
     * (rows a replay updated, {@link RowAudit#countReplays}).
     */
    static void assertEveryEventLandedWithItsValue(Result result, boolean faultRedelivers) {
        RowAudit.Audit audit = result.audit();
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(result.producerFailures()).as("events Kafka did not acknowledge").isZero();
            soft.assertThat(result.acknowledged()).as("events acknowledged").isEqualTo(IngestionUnderFault.EVENTS);
            soft.assertThat(audit.lost()).as("events without a row (%s)", audit).isZero();
            soft.assertThat(audit.unexpected()).as("rows matching no event sent (%s)", audit).isZero();
            soft.assertThat(audit.wrongValues()).as("rows whose feature_value is not the value sent (%s)", audit).isZero();
            soft.assertThat(audit.rows()).as("rows in the range (%s)", audit).isEqualTo(IngestionUnderFault.EVENTS);
            if (faultRedelivers) {
                soft.assertThat(audit.redelivered()).as("rows a replay wrote again: the fault should have caused"
                        + " redelivery (%s)", audit).isPositive();
            }
        });
    }
}
