package io.kafkaprediction.systemtests.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.math3.distribution.ZipfDistribution;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.StackFiles;

/**
 * Growth curve: how ingestion and lookups slow down as {@code user_features} grows. One fresh
 * {@link LocalStack}, one connector; for each size (ascending) the table is truncated, pre-loaded with
 * that many rows of history ({@link PreLoad}: COPY, Zipf users, 90 days), and then, on top of it:
 * <ol>
 *   <li>the ingestion benchmark's pipeline run ({@link PipelineRun}): {@code events} new events end to
 *       end, with Connect and PostgreSQL CPU per event;</li>
 *   <li>{@code COPY} of the same new rows into the same grown table (the physical limit at that size);</li>
 *   <li>latest-value lookups at a constant rate ({@link LookupLoad}), p50/p99 from the intended send.</li>
 * </ol>
 * The size-0 point is the baseline every other point is divided by, measured in the same run.
 * Run it with {@code system-tests/benchmarks/growth.sh SIZE... [key=value ...]}.
 */
public final class GrowthBenchmark {
    private static final Map<String, String> GROWTH_DEFAULTS = Map.of(
            "lookup.rate", "500", "lookup.seconds", "15", "lookup.connections", "4", "charts", "");
    private static final int SAMPLE_ROWS = 1_000;

    /** One point of the curve. */
    record Point(long rows, PreLoad.Result preload, PipelineRun.Result pipeline, Map<String, Double> cpu, double copySeconds,
                 LookupLoad.Result lookups, long tableBytes, String load) {
        double perEventMicros(String group) {
            return cpu.getOrDefault(group, Double.NaN) * 1e6 / pipeline.events();
        }

        double copyRowsPerSecond() {
            return pipeline.events() / copySeconds;
        }
    }

    private GrowthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        Map<String, String> growth = new LinkedHashMap<>(GROWTH_DEFAULTS);
        List<String> pipelineArgs = new ArrayList<>(List.of("events=200000", "warmup=50000", "naive=false"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                sizes.add(parseSize(arg));
            } else if (GROWTH_DEFAULTS.containsKey(arg.substring(0, eq))) {
                growth.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                pipelineArgs.add(arg);
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("give the table sizes to measure, e.g.  growth.sh 0 1M 10M  (also: "
                    + GROWTH_DEFAULTS.keySet() + " and the ingestion benchmark's key=value settings)");
        }
        sizes.sort(null);
        BenchmarkSettings settings = BenchmarkSettings.parse(pipelineArgs.toArray(String[]::new));
        Path repo = StackFiles.repositoryRoot();
        Path dataDir = StackFiles.newDataFolder("growth-benchmark");
        System.setProperty("stack.logDir", dataDir.resolve("logs").toString());
        Path plugins = Path.of(System.getProperty("bench.pluginPath", repo.resolve("local-stack/target/plugins").toString()));
        Path configs = Path.of(System.getProperty("bench.connectConfigs", repo.resolve("connect-configs").toString()));
        System.out.println("Growth benchmark: sizes " + sizes + ", " + growth + ", pipeline " + settings.describe());
        System.out.println("Data and logs: " + dataDir);
        StackConfig config = StackConfig.builder(dataDir, plugins, configs)
                .registerConnector(false)
                .workerJvmOptions(settings.workerJvmOptions())
                .workerProperties(settings.workerOverrides())
                .build();
        boolean ok = false;
        LocalStack stack = new LocalStack(config);
        Thread stopOnSignal = new Thread(stack::close, "benchmark-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        List<Point> points = new ArrayList<>();
        try {
            stack.start();
            run(stack, settings, growth, sizes, points);
            ok = true;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
            if (!points.isEmpty()) {
                print(points, settings, growth);
                if (!growth.get("charts").isBlank()) {
                    List<Path> charts = GrowthCharts.write(points, Path.of(growth.get("charts")));
                    charts.forEach(c -> System.out.println("chart: " + c));
                }
            }
            if (ok) {
                StackFiles.deleteTree(dataDir);
            } else {
                System.out.println("Failed; logs kept in " + dataDir.resolve("logs"));
            }
        }
        System.exit(0);
    }

    private static void run(LocalStack stack, BenchmarkSettings settings, Map<String, String> growth, List<Long> sizes,
                            List<Point> points) throws Exception {
        stack.registerConnector(settings.connectorConfig());
        PipelineRun pipeline = new PipelineRun(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, settings);
        // The measured events start at the previous full hour, the history lies in the 90 days before: the
        // times a live table holds (partitions, retention and the transform's checks all go by the clock).
        long base = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            db.setAutoCommit(true);
            partitionsFor(db, base - (PreLoad.HISTORY_DAYS + 1) * 86_400_000L);
            if (settings.warmupEvents() > 0) {
                CopyLoad.truncate(db);
                FeatureEvents warmup = new FeatureEvents(settings.users(), base - 86_400_000L);
                IngestionBenchmark.step("warm-up: " + settings.warmupEvents() + " events");
                PipelineRun.Result w = pipeline.run(warmup, settings.warmupEvents(), db, () -> IngestionBenchmark.sinkFailure(stack));
                IngestionBenchmark.step(String.format(Locale.ROOT, "warm-up done, %.0f events/s", w.eventsPerSecond()));
            }
            for (long size : sizes) {
                IngestionBenchmark.step("pre-load: " + size + " rows (COPY, Zipf users, " + PreLoad.HISTORY_DAYS + " days)");
                PreLoad.Result preload = PreLoad.run(db, size, 42, base);
                IngestionBenchmark.step(String.format(Locale.ROOT, "pre-loaded %d rows in %.1f s (%.0f rows/s streamed, %d users)",
                        size, preload.seconds(), preload.rowsPerSecond(), preload.users()));
                FeatureEvents events = new FeatureEvents(settings.users(), base);
                CpuAccounting cpu = IngestionBenchmark.cpuAccounting(stack);
                Map<String, Double> before = cpu.snapshot();
                PipelineRun.Result r = pipeline.run(events, settings.events(), db, () -> IngestionBenchmark.sinkFailure(stack), GrowthBenchmark::measuredRows);
                Map<String, Double> used = CpuAccounting.delta(before, cpu.snapshot());
                String load = IngestionBenchmark.loadAverage();
                IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: pipeline %.0f events/s (load %s)", size, r.eventsPerSecond(), load));
                RowCheck.verify(db, events, settings.events(), SAMPLE_ROWS);
                double copySeconds = copyAgain(db, events, settings.events());
                IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: COPY of the same rows %.0f rows/s", size,
                        settings.events() / copySeconds));
                LookupLoad.Result lookups = lookups(stack, growth, preload.users());
                IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: lookups p50 %.2f ms p99 %.2f ms at %.0f/s",
                        size, lookups.percentileMillis(50), lookups.percentileMillis(99), lookups.rate()));
                points.add(new Point(size, preload, r, used, copySeconds, lookups, tableBytes(db), load));
            }
        }
    }

    /** A partitioned table gets its weekly partitions back to {@code sinceEpochMillis}, as a back-fill would; a flat one needs nothing. */
    private static void partitionsFor(Connection db, long sinceEpochMillis) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regproc('feature_store_maintain') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                IngestionBenchmark.step("user_features is not partitioned (no feature_store_maintain)");
                return;
            }
        }
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM feature_store_maintain(since => to_timestamp(" + sinceEpochMillis / 1000 + "))")) {
            rs.next();
            IngestionBenchmark.step("partitioned user_features: " + rs.getLong(1) + " partitions created for the history");
        }
    }

    /** Deletes the pipeline's rows and COPYs the same rows into the grown table; returns COPY's seconds. */
    private static double copyAgain(Connection db, FeatureEvents events, long count) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("DELETE FROM user_features WHERE " + PreLoad.MEASURED_USERS);
        }
        double seconds = CopyLoad.into(db, events, count);
        RowCheck.verify(db, events, count, SAMPLE_ROWS);
        return seconds;
    }

    private static LookupLoad.Result lookups(LocalStack stack, Map<String, String> growth, int users) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < Integer.parseInt(growth.get("lookup.connections")); i++) {
                connections.add(stack.postgres().connect(PostgresServer.DATABASE));
            }
            ZipfDistribution zipf = PreLoad.users(users, 7);
            return LookupLoad.run(connections, Double.parseDouble(growth.get("lookup.rate")),
                    Double.parseDouble(growth.get("lookup.seconds")), zipf::sample);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    static long measuredRows(Connection db) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM user_features WHERE " + PreLoad.MEASURED_USERS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long tableBytes(Connection db) throws SQLException {
        // Heap and indexes; for a partitioned table the sum over its partitions (the parent itself is empty).
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT greatest(pg_total_relation_size('user_features'), "
                + "(SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('user_features')))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("_", "");
        long factor = 1;
        if (t.endsWith("K")) {
            factor = 1_000;
        } else if (t.endsWith("M")) {
            factor = 1_000_000;
        } else if (t.endsWith("G")) {
            factor = 1_000_000_000;
        }
        String digits = factor == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits) * factor;
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a row count such as 0, 500k, 10M");
        }
    }

    private static void print(List<Point> points, BenchmarkSettings settings, Map<String, String> growth) {
        Point base = points.get(0);
        System.out.println();
        System.out.println("== Growth benchmark ==");
        System.out.println("machine   " + Report.machine());
        System.out.println("settings  " + settings.describe() + "; lookups " + growth.get("lookup.rate") + "/s for "
                + growth.get("lookup.seconds") + " s on " + growth.get("lookup.connections") + " connections");
        System.out.println("baseline  the first size (" + base.rows() + " rows), same run; ratios are to it");
        System.out.printf(Locale.ROOT, "%12s %9s %11s %6s %10s %10s %11s %6s %9s %9s %6s %-16s%n", "rows before", "table MB",
                "pipeline/s", "ratio", "Connect µs", "PG µs/ev", "COPY rows/s", "p/COPY", "lookup p50", "p99 ms", "ratio", "load 1/5/15");
        for (Point p : points) {
            System.out.printf(Locale.ROOT, "%12d %9.0f %11.0f %6.2f %10.1f %10.1f %11.0f %6.2f %9.2f %9.2f %6.2f %-16s%n",
                    p.rows(), p.tableBytes() / 1e6, p.pipeline().eventsPerSecond(),
                    p.pipeline().eventsPerSecond() / base.pipeline().eventsPerSecond(), p.perEventMicros("Connect"),
                    p.perEventMicros("PostgreSQL"), p.copyRowsPerSecond(), p.pipeline().eventsPerSecond() / p.copyRowsPerSecond(),
                    p.lookups().percentileMillis(50), p.lookups().percentileMillis(99),
                    p.lookups().percentileMillis(99) / base.lookups().percentileMillis(99), p.load());
        }
        for (Point p : points) {
            System.out.printf(Locale.ROOT, "RESULT rows=%d pipeline_eps=%.0f copy_rps=%.0f connect_us=%.1f pg_us=%.1f "
                            + "lookup_p50_ms=%.3f lookup_p99_ms=%.3f lookups_found=%d/%d preload_rps=%.0f load=\"%s\"%n",
                    p.rows(), p.pipeline().eventsPerSecond(), p.copyRowsPerSecond(), p.perEventMicros("Connect"),
                    p.perEventMicros("PostgreSQL"), p.lookups().percentileMillis(50), p.lookups().percentileMillis(99),
                    p.lookups().found(), p.lookups().micros().length, p.preload().rowsPerSecond(), p.load());
        }
    }
}
