package io.kafkaprediction.systemtests.benchmarks;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;

/**
 * Two connector configurations in the same stack, rounds interleaved A, B, A, B ...: on a shared
 * machine whose load swings by a factor of two within minutes, only back-to-back pairs compare.
 * B is A plus the {@code b.<property>} overrides; both are warmed up first.
 */
final class AbComparison {
    /**
     * Keys of separate runs lie 10^10 ms (about 115 days) apart, going back in time: never the same
     * rows, and never beyond the transforms' {@code max.future.skew}, which dead-letters future events.
     */
    private static final long KEY_RANGE_MILLIS = 10_000_000_000L;

    private record Round(String variant, PipelineRun.Result result, Map<String, Double> cpu, String load) {
    }

    private final LocalStack stack;
    private final BenchmarkSettings settings;
    private final PipelineRun pipeline;
    private final Connection db;
    private final Supplier<CpuAccounting> cpu;
    private final List<Round> rounds = new ArrayList<>();
    private long runs;

    AbComparison(LocalStack stack, BenchmarkSettings settings, PipelineRun pipeline, Connection db, Supplier<CpuAccounting> cpu) {
        this.stack = stack;
        this.settings = settings;
        this.pipeline = pipeline;
        this.db = db;
        this.cpu = cpu;
    }

    Map<String, String> variantB() {
        Map<String, String> b = new LinkedHashMap<>(settings.connectorConfig());
        b.putAll(settings.variantOverrides());
        return b;
    }

    void run() throws Exception {
        use("B", variantB());
        measure("B (warm-up)", settings.warmupEvents());
        rounds.clear();
        for (int r = 0; r < settings.rounds(); r++) {
            use("A", settings.connectorConfig());
            measure("A", settings.events());
            use("B", variantB());
            measure("B", settings.events());
        }
    }

    private void use(String name, Map<String, String> connectorConfig) {
        IngestionBenchmark.step("connector config " + name);
        stack.registerConnector(connectorConfig);
    }

    private void measure(String variant, long events) throws Exception {
        if (events == 0) {
            return;
        }
        CopyLoad.truncate(db);
        runs++;
        FeatureEvents keys = new FeatureEvents(settings.users(), FeatureEvents.BASE_EPOCH_MILLIS - runs * KEY_RANGE_MILLIS);
        CpuAccounting accounting = cpu.get();
        Map<String, Double> before = accounting.snapshot();
        PipelineRun.Result result = pipeline.run(keys, events, db,
                () -> stack.connectClient().notRunningReason(StackNames.CONNECTOR));
        Map<String, Double> used = CpuAccounting.delta(before, accounting.snapshot());
        RowCheck.verify(db, keys, events, 100);
        String load = IngestionBenchmark.loadAverage();
        rounds.add(new Round(variant, result, used, load));
        IngestionBenchmark.step(String.format(Locale.ROOT, "%s: %.0f events/s (load %s)", variant, result.eventsPerSecond(), load));
    }

    static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    void print(PrintStream out) {
        out.println();
        out.println("== A/B comparison, " + settings.events() + " events per round ==");
        out.println("A: " + settings.describe());
        out.println("B: A + " + settings.variantOverrides());
        for (Round round : rounds) {
            out.printf(Locale.ROOT, "%-2s %8.0f events/s   load %-16s CPU %s%n", round.variant(), round.result().eventsPerSecond(),
                    round.load(), CpuAccounting.describe(round.cpu(), round.result().events()));
        }
        for (String variant : List.of("A", "B")) {
            double[] rates = rounds.stream().filter(r -> r.variant().equals(variant))
                    .mapToDouble(r -> r.result().eventsPerSecond()).sorted().toArray();
            double[] cpuPerEvent = rounds.stream().filter(r -> r.variant().equals(variant))
                    .mapToDouble(r -> r.cpu().values().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / r.result().events())
                    .sorted().toArray();
            out.printf(Locale.ROOT, "RESULT variant=%s median_eps=%.0f best_eps=%.0f median_cpu_us_per_event=%.1f%n",
                    variant, median(rates), rates[rates.length - 1], median(cpuPerEvent));
        }
    }
}
