package io.kafkaprediction.systemtests.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.StackFiles;

/**
 * Freshness under load: one fresh {@link LocalStack} (the broker in a JVM of its own, so that its
 * CPU is counted apart from the load generator's), a warm-up, then for each rate a
 * {@link FreshnessRun} of {@code seconds} at that constant rate into the emptied table: p50/p99/max
 * from the intended send time to the row being visible, whether the pipeline kept up, and CPU per
 * event of the Kafka broker, the Connect workers and PostgreSQL over the run (the probe's own
 * PostgreSQL backend taken out). These per-event figures feed the capacity model in BENCHMARKS.md.
 * Run it with {@code system-tests/benchmarks/freshness.sh [key=value ...]} ({@link FreshnessSettings}).
 */
public final class FreshnessBenchmark {
    private static final int SAMPLE_ROWS = 1_000;
    static final String BROKER = "Kafka broker";
    static final String CONNECT = "Connect";
    static final String POSTGRES = "PostgreSQL";
    static final String GENERATOR = "producer+probe JVM";

    /** One rate's figures. */
    record Point(FreshnessRun.Result run, Map<String, Double> cpu, long walBytes, long tableBytes, String load) {
        double perEventMicros(String group) {
            return cpu.getOrDefault(group, Double.NaN) * 1e6 / run.sent();
        }

        /** WAL PostgreSQL wrote per event over the run (inserts, indexes, full-page images). */
        double walBytesPerEvent() {
            return (double) walBytes / run.sent();
        }

        /** user_features (heap and indexes) per row after the run, from an empty table. */
        double tableBytesPerRow() {
            return (double) tableBytes / run.sent();
        }
    }

    private FreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FreshnessSettings settings = FreshnessSettings.parse(args);
        Path repo = StackFiles.repositoryRoot();
        Path dataDir = StackFiles.newDataFolder("freshness-benchmark");
        System.setProperty("stack.logDir", dataDir.resolve("logs").toString());
        Path plugins = Path.of(System.getProperty("bench.pluginPath", repo.resolve("local-stack/target/plugins").toString()));
        Path configs = Path.of(System.getProperty("bench.connectConfigs", repo.resolve("connect-configs").toString()));
        System.out.println("Freshness benchmark: " + settings.describe());
        System.out.println("Data and logs: " + dataDir);
        StackConfig.Builder builder = StackConfig.builder(dataDir, plugins, configs)
                .registerConnector(false)
                .brokerOwnJvm(true)
                .workerJvmOptions(settings.pipeline().workerJvmOptions())
                .workerProperties(settings.pipeline().workerOverrides());
        if (settings.portBase() != 0) {
            builder.postgresPort(settings.portBase()).kafkaPort(settings.portBase() + 1)
                    .connectPort(settings.portBase() + 2).restProxyPort(settings.portBase() + 3);
        }
        boolean ok = false;
        LocalStack stack = new LocalStack(builder.build());
        Thread stopOnSignal = new Thread(stack::close, "benchmark-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        List<Point> points = new ArrayList<>();
        try {
            stack.start();
            run(stack, settings, points);
            ok = true;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
            if (!points.isEmpty()) {
                print(points, settings);
            }
            if (ok) {
                StackFiles.deleteTree(dataDir);
            } else {
                System.out.println("Failed; logs kept in " + dataDir.resolve("logs"));
            }
        }
        System.exit(0);
    }

    private static void run(LocalStack stack, FreshnessSettings settings, List<Point> points) throws Exception {
        BenchmarkSettings pipeline = settings.pipeline();
        IngestionBenchmark.preparePartitions(stack, pipeline.partitions());
        for (int w = 2; w <= pipeline.workers(); w++) {
            stack.startWorker("connect-" + w, pipeline.workerJvmOptions());
        }
        stack.registerConnector(pipeline.connectorConfig());
        // Event times from the previous full hour on: the current week's partition, as live events.
        long base = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;
        FreshnessRun freshness = new FreshnessRun(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, pipeline,
                settings.pollMillis(), settings.probesPerSecond());
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            db.setAutoCommit(true);
            CopyLoad.truncate(db);
            if (pipeline.warmupEvents() > 0) {
                FeatureEvents warmup = new FeatureEvents(pipeline.users(), base - 86_400_000L);
                IngestionBenchmark.step("warm-up: " + pipeline.warmupEvents() + " events as fast as possible");
                PipelineRun.Result w = new PipelineRun(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, pipeline)
                        .run(warmup, pipeline.warmupEvents(), db, () -> IngestionBenchmark.sinkFailure(stack));
                IngestionBenchmark.step(String.format(Locale.ROOT, "warm-up done, %.0f events/s", w.eventsPerSecond()));
            }
            for (long rate : settings.rates()) {
                CopyLoad.truncate(db);
                FeatureEvents events = new FeatureEvents(pipeline.users(), base);
                IngestionBenchmark.step(rate + " events/s for " + settings.seconds() + " s");
                CpuAccounting cpu = cpuAccounting(stack);
                Map<String, Double> before = cpu.snapshot();
                String walBefore = walPosition(db);
                FreshnessRun.Result r = freshness.run(db, events, rate, settings.seconds(), () -> IngestionBenchmark.sinkFailure(stack));
                Map<String, Double> used = CpuAccounting.delta(before, cpu.snapshot());
                long walBytes = walBytesSince(db, walBefore);
                // The probe's lookups are not the pipeline's work.
                used.computeIfPresent(POSTGRES, (k, v) -> v - r.pollerBackendCpuSeconds());
                String load = IngestionBenchmark.loadAverage();
                RowCheck.verify(db, events, r.sent(), (int) Math.min(SAMPLE_ROWS, r.sent()));
                Point point = new Point(r, used, walBytes, GrowthBenchmark.tableBytes(db), load);
                points.add(point);
                IngestionBenchmark.step(String.format(Locale.ROOT, "%d events/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %s (load %s)",
                        rate, r.percentileMillis(50), r.percentileMillis(99), r.maxMillis(), r.keptUp() ? "kept up" : "fell behind", load));
            }
        }
    }

    private static String walPosition(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long walBytesSince(Connection db, String lsn) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint")) {
            st.setString(1, lsn);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static CpuAccounting cpuAccounting(LocalStack stack) {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        groups.put(BROKER, List.of(stack.kafka().pid()));
        groups.put(CONNECT, stack.workers().stream().filter(ConnectWorker::isAlive).map(ConnectWorker::pid).toList());
        groups.put(GENERATOR, List.of(ProcessHandle.current().pid()));
        return new CpuAccounting(groups, CpuAccounting.postmasterPid(stack.config().dataDir().resolve("postgres")));
    }

    private static void print(List<Point> points, FreshnessSettings settings) {
        System.out.println();
        System.out.println("== Freshness benchmark ==");
        System.out.println("machine   " + Report.machine());
        System.out.println("settings  " + settings.describe());
        System.out.println("measured  from each probe event's intended send time to the first poll whose snapshot holds its row;"
                + " kept up = the last event visible within " + FreshnessRun.KEPT_UP_SECONDS + " s");
        System.out.printf(Locale.ROOT, "%9s %10s %7s %8s %8s %8s %8s %9s %7s %9s %9s %8s %8s %8s %7s %7s %-16s%n",
                "offered/s", "achieved/s", "probes", "p50 ms", "p99 ms", "max ms", "last ms", "in flight", "kept up",
                "poll ms", "query ms", "broker", "Connect", "PG", "WAL B", "table B", "load 1/5/15");
        for (Point p : points) {
            FreshnessRun.Result r = p.run();
            System.out.printf(Locale.ROOT, "%9.0f %10.0f %7d %8.1f %8.1f %8.1f %8.1f %9d %7s %9.1f %9.2f %8.1f %8.1f %8.1f %7.0f %7.0f %-16s%n",
                    r.rate(), r.achievedRate(), r.micros().length, r.percentileMillis(50), r.percentileMillis(99), r.maxMillis(),
                    r.lastEventSeconds() * 1000, r.inFlightAtLastSend(), r.keptUp() ? "yes" : "NO", r.meanPollMillis(),
                    r.meanQueryMillis(), p.perEventMicros(BROKER), p.perEventMicros(CONNECT), p.perEventMicros(POSTGRES),
                    p.walBytesPerEvent(), p.tableBytesPerRow(), p.load());
        }
        System.out.println("(broker, Connect, PG: CPU µs per event over the run, PG without the probe's backend; WAL B: WAL bytes"
                + " per event; table B: user_features bytes per row; poll ms: achieved mean poll period = the resolution; "
                + GENERATOR + " CPU in the RESULT lines)");
        for (Point p : points) {
            FreshnessRun.Result r = p.run();
            System.out.printf(Locale.ROOT, "RESULT rate=%.0f achieved=%.0f probes=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f kept_up=%s "
                            + "broker_us=%.1f connect_us=%.1f pg_us=%.1f generator_us=%.1f probe_backend_cpu_s=%.2f poll_ms=%.2f wal_bytes=%.0f table_bytes=%.0f "
                            + "load=\"%s\"%n",
                    r.rate(), r.achievedRate(), r.micros().length, r.percentileMillis(50), r.percentileMillis(99), r.maxMillis(),
                    r.keptUp(), p.perEventMicros(BROKER), p.perEventMicros(CONNECT), p.perEventMicros(POSTGRES),
                    p.perEventMicros(GENERATOR), r.pollerBackendCpuSeconds(), r.meanPollMillis(), p.walBytesPerEvent(),
                    p.tableBytesPerRow(), p.load());
        }
    }
}
