package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline of a made-up run: bucketed by second, written and read back as CSV, drawn as a small PNG. */
class FaultTimelineTest {
    private static final long S = 1_000_000_000L;

    @Test
    void bucketsRowsAndLookupsBySecondAndMarksTheFault(@TempDir Path dir) throws Exception {
        long t0 = 1_000 * S;
        List<RowSampler.Sample> samples = List.of(
                new RowSampler.Sample(t0 + S / 2, 100),
                new RowSampler.Sample(t0 + S + S / 2, 300),
                new RowSampler.Sample(t0 + 2 * S + S / 2, -1), // database down
                new RowSampler.Sample(t0 + 3 * S + S / 2, 900));
        List<LookupProbe.Lookup> lookups = List.of(
                new LookupProbe.Lookup(t0 + S / 4, 200, 1),
                new LookupProbe.Lookup(t0 + 2 * S + 1, 503, 1),
                new LookupProbe.Lookup(t0 + 2 * S + 2, LookupProbe.NO_ANSWER, 2000),
                new LookupProbe.Lookup(t0 + 3 * S + 1, 500, 1));

        FaultTimeline timeline = FaultTimeline.of("made up", t0, t0 + 2 * S, t0 + 3 * S, samples, lookups);

        assertThat(timeline.seconds()).extracting(FaultTimeline.Second::rowsLanded).containsExactly(100L, 200L, -1L, 600L);
        assertThat(timeline.seconds()).extracting(FaultTimeline.Second::fault).containsExactly(false, false, true, false);
        FaultTimeline.Second second2 = timeline.seconds().get(2);
        assertThat(List.of(second2.lookups200(), second2.lookups503(), second2.lookupsOther(), second2.lookupsNoAnswer()))
                .containsExactly(0, 1, 0, 1);
        assertThat(timeline.seconds().get(3).lookupsOther()).isEqualTo(1);

        Path csv = dir.resolve("made-up.csv");
        Files.write(csv, timeline.csvLines());
        FaultTimeline read = FaultTimeline.readCsv("made up", csv);
        assertThat(read.seconds()).isEqualTo(timeline.seconds());
        assertThat(read.faultStartSecond()).isEqualTo(2.0);
        assertThat(read.faultEndSecond()).isEqualTo(3.0);
    }

    @Test
    void drawsAPngUnder60KilobytesForAMinuteLongRun(@TempDir Path dir) throws Exception {
        long t0 = 0;
        List<RowSampler.Sample> samples = new ArrayList<>();
        List<LookupProbe.Lookup> lookups = new ArrayList<>();
        long rows = 0;
        for (int s = 0; s < 60; s++) {
            boolean down = s >= 10 && s < 40;
            rows += down ? 0 : 9_000 + (s * 37 % 2_000);
            samples.add(new RowSampler.Sample(t0 + s * S + S / 2, down ? -1 : rows));
            for (int i = 0; i < 20; i++) {
                lookups.add(new LookupProbe.Lookup(t0 + s * S + i * S / 20, down ? (i % 3 == 0 ? 503 : 0) : 200, 2));
            }
        }
        FaultTimeline timeline = FaultTimeline.of("PostgreSQL SIGKILLed", t0, t0 + 10 * S, t0 + 40 * S, samples, lookups);
        Path png = dir.resolve("chart.png");

        TimelineChart.draw(timeline, png);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(bytes.length).as("PNG size").isLessThan(60 * 1024);
    }
}
