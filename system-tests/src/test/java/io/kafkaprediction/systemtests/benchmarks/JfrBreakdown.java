package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Connect worker's CPU goes, from the {@code jdk.ExecutionSample} events of a JFR recording:
 * each sample goes to the part of the pipeline of its innermost frame that belongs to one (the
 * stack read from the top), so a pgjdbc frame under Debezium counts as the driver, a Jackson frame
 * under our converter as the converter, and helpers shared by several parts ({@code Struct},
 * {@code FeatureEventReader}, {@code java.*}) go to whoever called them. Only threads running Java
 * code are sampled; the JVM's own threads (GC, JIT) are measured from {@code /proc} by
 * {@link WorkerProfile} and printed beside the buckets.
 *
 * <p>Also runs on its own over a saved recording:
 * {@code java -cp ... io.kafkaprediction.systemtests.benchmarks.JfrBreakdown worker.jfr}.
 */
final class JfrBreakdown {
    static final String OTHER = "other (java.*, logging, threads outside the pipeline)";

    /** Bucket → class-name prefixes, first match wins; order matters only where prefixes overlap. */
    static final Map<String, List<String>> BUCKETS = buckets();

    private static Map<String, List<String>> buckets() {
        Map<String, List<String>> b = new LinkedHashMap<>();
        b.put("JDBC driver (org.postgresql)", List.of("org.postgresql."));
        b.put("Debezium JDBC sink (io.debezium, Hibernate, c3p0)", List.of("io.debezium.", "org.hibernate.", "com.mchange."));
        b.put("converter (FeatureEventJsonConverter, JsonConverter)",
                List.of("io.kafkaprediction.transforms.FeatureEventJsonConverter", "org.apache.kafka.connect.json."));
        b.put("transforms (ValidateFeatureEvent, ToUserFeature)", List.of("io.kafkaprediction.transforms.ValidateFeatureEvent",
                "io.kafkaprediction.transforms.ToUserFeature", "io.kafkaprediction.transforms.FeatureEventTransformation"));
        b.put("Kafka consumer / fetch (org.apache.kafka.clients)", List.of("org.apache.kafka.clients."));
        b.put("Connect runtime (WorkerSinkTask, error handling)", List.of("org.apache.kafka.connect.runtime."));
        return b;
    }

    private final Map<String, Long> samples = new LinkedHashMap<>();
    private final Map<String, Long> leafMethods = new LinkedHashMap<>();
    private long total;

    private JfrBreakdown() {
        BUCKETS.keySet().forEach(b -> samples.put(b, 0L));
        samples.put(OTHER, 0L);
    }

    static JfrBreakdown read(Path recording) throws IOException {
        JfrBreakdown breakdown = new JfrBreakdown();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    breakdown.add(event.getStackTrace());
                }
            }
        }
        return breakdown;
    }

    private void add(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        total++;
        samples.merge(bucket(frames.stream().map(f -> f.getMethod().getType().getName()).toList()), 1L, Long::sum);
        if (!frames.isEmpty()) {
            RecordedFrame leaf = frames.get(0);
            leafMethods.merge(leaf.getMethod().getType().getName() + "." + leaf.getMethod().getName(), 1L, Long::sum);
        }
    }

    /** The bucket of a stack given as class names, innermost frame first. */
    static String bucket(List<String> classNames) {
        for (String className : classNames) {
            for (Map.Entry<String, List<String>> b : BUCKETS.entrySet()) {
                if (b.getValue().stream().anyMatch(className::startsWith)) {
                    return b.getKey();
                }
            }
        }
        return OTHER;
    }

    long samples(String bucket) {
        return samples.getOrDefault(bucket, 0L);
    }

    long total() {
        return total;
    }

    /**
     * The table: samples and share per bucket and, when the worker's CPU over the recording is known
     * ({@link WorkerProfile#stop()}), µs per event: the Java threads' CPU (process total minus the
     * JVM's own threads) shared out by samples, then the JVM's threads as measured.
     */
    void print(PrintStream out, Map<String, Double> workerCpu, long events) {
        double totalCpu = workerCpu.getOrDefault("total", Double.NaN);
        double jvmThreads = workerCpu.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                .mapToDouble(Map.Entry::getValue).sum();
        double javaCpu = totalCpu - jvmThreads;
        out.println();
        out.printf(Locale.ROOT, "== Where the Connect worker's CPU goes (JFR, %d execution samples) ==%n", total);
        out.printf(Locale.ROOT, "%-56s %8s %7s %9s%n", "part", "samples", "share", "µs/event");
        samples.forEach((bucket, n) -> out.printf(Locale.ROOT, "%-56s %8d %6.1f%% %9.2f%n", bucket, n,
                100.0 * n / Math.max(1, total), javaCpu * 1e6 / events * n / Math.max(1, total)));
        out.printf(Locale.ROOT, "%-56s %8s %7s %9.2f%n", "= Java threads (sampled)", "", "", javaCpu * 1e6 / events);
        workerCpu.forEach((group, seconds) -> {
            if (!group.equals("total")) {
                out.printf(Locale.ROOT, "%-56s %8s %6.1f%% %9.2f%n", "+ " + group + " (from /proc, not sampled)", "",
                        100.0 * seconds / totalCpu, seconds * 1e6 / events);
            }
        });
        out.printf(Locale.ROOT, "%-56s %8s %7s %9.2f   (%.1f CPU s for %d events)%n", "= Connect worker JVM", "", "",
                totalCpu * 1e6 / events, totalCpu, events);
        printHotMethods(out, 15);
    }

    void printHotMethods(PrintStream out, int n) {
        out.println("hottest methods (innermost frame):");
        leafMethods.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n)
                .forEach(e -> out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JfrBreakdown RECORDING.jfr");
        }
        JfrBreakdown breakdown = read(Path.of(args[0]));
        breakdown.samples.forEach((bucket, n) -> System.out.printf(Locale.ROOT, "%-56s %8d %6.1f%%%n", bucket, n,
                100.0 * n / Math.max(1, breakdown.total)));
        breakdown.printHotMethods(System.out, 25);
    }
}
