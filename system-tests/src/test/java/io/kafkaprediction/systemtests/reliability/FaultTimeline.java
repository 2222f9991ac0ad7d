package io.kafkaprediction.systemtests.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fault test second by second, from the producer's start: rows that became visible in
 * {@code user_features}, lookups sent and how they ended, and whether the fault was on. Written
 * as CSV under {@code target/reliability-timelines/} (one file per fault, read back by
 * {@link TimelineChart} for the charts in RELIABILITY.md).
 */
record FaultTimeline(String name, double faultStartSecond, double faultEndSecond, List<Second> seconds) {
    static final String HEADER = "second,rows_visible,rows_landed,lookups_200,lookups_503,lookups_other,lookups_no_answer,fault";

    /**
     * @param rowsVisible rows of the range visible at the end of the second, -1 while the database did not answer
     * @param rowsLanded  rows that became visible during the second, -1 when unknown
     */
    record Second(int second, long rowsVisible, long rowsLanded, int lookups200, int lookups503, int lookupsOther,
                  int lookupsNoAnswer, boolean fault) {
        String csv() {
            return second + "," + blankIfUnknown(rowsVisible) + "," + blankIfUnknown(rowsLanded) + "," + lookups200 + ","
                    + lookups503 + "," + lookupsOther + "," + lookupsNoAnswer + "," + (fault ? 1 : 0);
        }

        private static String blankIfUnknown(long value) {
            return value < 0 ? "" : Long.toString(value);
        }
    }

    /** Buckets the samples and lookups into whole seconds since {@code startNanos}. */
    static FaultTimeline of(String name, long startNanos, long faultStartNanos, long faultEndNanos,
                            List<RowSampler.Sample> samples, List<LookupProbe.Lookup> lookups) {
        long lastNanos = Math.max(samples.isEmpty() ? startNanos : samples.get(samples.size() - 1).nanos(),
                lookups.isEmpty() ? startNanos : lookups.get(lookups.size() - 1).sentNanos());
        int length = second(startNanos, lastNanos) + 1;
        long[] visible = new long[length];
        java.util.Arrays.fill(visible, Long.MIN_VALUE); // no sample in that second
        for (RowSampler.Sample sample : samples) {
            int s = second(startNanos, sample.nanos());
            if (s >= 0 && s < length) {
                visible[s] = sample.rows(); // the last sample of the second wins
            }
        }
        int[][] statuses = new int[length][4];
        for (LookupProbe.Lookup lookup : lookups) {
            int s = second(startNanos, lookup.sentNanos());
            if (s < 0 || s >= length) {
                continue;
            }
            int column = switch (lookup.status()) {
                case 200 -> 0;
                case 503 -> 1;
                case LookupProbe.NO_ANSWER -> 3;
                default -> 2;
            };
            statuses[s][column]++;
        }
        double faultStart = (faultStartNanos - startNanos) / 1e9;
        double faultEnd = (faultEndNanos - startNanos) / 1e9;
        List<Second> seconds = new ArrayList<>(length);
        long lastKnown = 0;
        for (int s = 0; s < length; s++) {
            long now = visible[s] == Long.MIN_VALUE ? -1 : visible[s];
            // After a second without a count, what became visible meanwhile shows in the next counted second.
            long landed = now < 0 ? -1 : now - lastKnown;
            if (now >= 0) {
                lastKnown = now;
            }
            boolean fault = s + 1 > faultStart && s < faultEnd;
            seconds.add(new Second(s, now, landed, statuses[s][0], statuses[s][1], statuses[s][2], statuses[s][3], fault));
        }
        return new FaultTimeline(name, faultStart, faultEnd, seconds);
    }

    private static int second(long startNanos, long nanos) {
        return (int) Math.floorDiv(nanos - startNanos, 1_000_000_000L);
    }

    /** target/reliability-timelines/{@code slug}.csv (the folder is made if needed); returns the file. */
    Path writeCsv(String slug) {
        Path file = folder().resolve(slug + ".csv");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, csvLines(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the timeline " + file, e);
        }
        return file;
    }

    /** The header, then one line per second. */
    List<String> csvLines() {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        seconds.forEach(s -> lines.add(s.csv()));
        return lines;
    }

    /** The CSV's lines read back; the fault's start and end are whole seconds there. */
    static FaultTimeline readCsv(String name, Path file) throws IOException {
        List<Second> seconds = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": expected the header " + HEADER);
        }
        double start = Double.NaN;
        double end = Double.NaN;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Second s = new Second(Integer.parseInt(f[0]), f[1].isEmpty() ? -1 : Long.parseLong(f[1]),
                    f[2].isEmpty() ? -1 : Long.parseLong(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]), Integer.parseInt(f[6]), "1".equals(f[7]));
            if (s.fault() && Double.isNaN(start)) {
                start = s.second();
            }
            if (s.fault()) {
                end = s.second() + 1;
            }
            seconds.add(s);
        }
        return new FaultTimeline(name, start, end, seconds);
    }

    static Path folder() {
        return Path.of(System.getProperty("reliability.timelines", "target/reliability-timelines"));
    }

    String summary() {
        int ok = seconds.stream().mapToInt(Second::lookups200).sum();
        int unavailable = seconds.stream().mapToInt(Second::lookups503).sum();
        int other = seconds.stream().mapToInt(Second::lookupsOther).sum();
        int none = seconds.stream().mapToInt(Second::lookupsNoAnswer).sum();
        return String.format(Locale.ROOT, "lookups 200 × %d, 503 × %d, other × %d, no answer within %d s × %d",
                ok, unavailable, other, LookupProbe.ANSWER_TIMEOUT.toSeconds(), none);
    }
}
