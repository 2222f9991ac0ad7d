package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.Ports;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.stack.scoring.ScoringService;
import io.kafkaprediction.systemtests.StackFiles;

/**
 * Growth curve: how ingestion, lookups and training sets slow down as {@code user_features} grows. One
 * fresh {@link LocalStack}, one connector, the scoring service from its jar; the sizes are measured in
 * ascending order and each one only adds the rows missing to it ({@link PreLoad}: incremental COPY, one
 * universe of Zipf users, 90 days; VACUUM ANALYZE after each), then, on top of it:
 * <ol>
 *   <li>the ingestion benchmark's pipeline run ({@link PipelineRun}): {@code events} new events end to
 *       end, with Connect and PostgreSQL CPU per event;</li>
 *   <li>{@code COPY} of the same new rows into the same grown table (the physical limit at that size);</li>
 *   <li>latest-value lookups in JDBC at a constant rate ({@link LookupLoad}), p50/p99 from the intended send;</li>
 *   <li>{@code POST /predict} by {@code user_id} over HTTP through the scoring service ({@link PredictLoad}):
 *       closed-loop throughput, and p50/p99 from the intended send at a constant rate;</li>
 *   <li>the scoring jar's {@code training-set} command on an entity file of pre-loaded users
 *       ({@link TrainingSetRun}): rows/s.</li>
 * </ol>
 * Lookups and entities draw pre-loaded users that own rows, Zipf as the pre-load draws them. Any non-2xx
 * answer fails the run. The first size is the baseline every other point is divided by, measured in the
 * same run. Run it with {@code system-tests/benchmarks/growth.sh SIZE... [key=value ...]}.
 */
public final class GrowthBenchmark {
    private static final Map<String, String> GROWTH_DEFAULTS = defaults();
    private static final int SAMPLE_ROWS = 1_000;
    /** Per pre-loaded row: heap and three indexes took 235 (rebuilt) to 272 (grown) bytes at 2 M rows; WAL on top. */
    private static final long DISK_BYTES_PER_ROW = 320;

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("lookup.rate", "500");
        d.put("lookup.seconds", "15");
        d.put("lookup.connections", "4");
        d.put("http.rate", "1000");
        d.put("http.seconds", "15");
        d.put("http.connections", "16");
        d.put("http.max.seconds", "10");
        d.put("http.max.connections", "8");
        d.put("http.warmup", "15");
        d.put("http.lookup.timeout.ms", "");
        d.put("training.entities", "100000");
        d.put("freshness.rate", "10000");
        d.put("freshness.seconds", "20");
        d.put("preload.indexes", "rebuild");
        d.put("preload.maintenance_work_mem", "1GB");
        d.put("preload.parallel_workers", "2");
        d.put("charts", "");
        return java.util.Collections.unmodifiableMap(d);
    }

    /** One point of the curve. */
    record Point(long rows, PreLoad.Result preload, PipelineRun.Result pipeline, Map<String, Double> cpu, double copySeconds,
                 LookupLoad.Result lookups, PredictLoad.Result httpMax, PredictLoad.Result http,
                 TrainingSetRun.Result training, FreshnessRun.Result freshness, long tableBytes, String load,
                 Map<String, Double> phases) {
        double perEventMicros(String group) {
            return cpu.getOrDefault(group, Double.NaN) * 1e6 / pipeline.events();
        }

        double copyRowsPerSecond() {
            return pipeline.events() / copySeconds;
        }
    }

    /** What the run measures with, besides the stack. */
    private record Tools(Path scoringJar, Path model, Map<String, String> database, URI predict, Path workDir) {
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
            throw new IllegalArgumentException("give the table sizes to measure, e.g.  growth.sh 0 10M 50M 100M  (also: "
                    + GROWTH_DEFAULTS.keySet() + " and the ingestion benchmark's key=value settings)");
        }
        sizes.sort(null);
        PreLoad.Indexes.parse(growth.get("preload.indexes"));
        BenchmarkSettings settings = BenchmarkSettings.parse(pipelineArgs.toArray(String[]::new));
        Path repo = StackFiles.repositoryRoot();
        Path scoringJar = Path.of(System.getProperty("bench.scoringJar", repo.resolve("scoring-service/target/scoring-service.jar").toString()));
        if (!Files.isRegularFile(scoringJar)) {
            throw new IllegalStateException("scoring service jar " + scoringJar + " is missing; build it with "
                    + "'mvn -B -DskipTests -pl scoring-service -am package'");
        }
        Path dataDir = StackFiles.newDataFolder("growth-benchmark");
        requireDisk(dataDir, sizes.get(sizes.size() - 1));
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
        // On a signal the finally below does not run: the hook stops the stack and removes its data (tens of GB).
        Thread stopOnSignal = new Thread(() -> {
            stack.close();
            cleanUp(dataDir, false);
        }, "benchmark-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        List<Point> points = new ArrayList<>();
        long started = System.nanoTime();
        try {
            stack.start();
            run(stack, settings, growth, sizes, points, scoringJar, dataDir);
            ok = true;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
            try {
                System.out.printf(Locale.ROOT, "whole run (stack start to stop): %.0f s%n", (System.nanoTime() - started) / 1e9);
                if (!points.isEmpty()) {
                    print(points, settings, growth);
                    if (!growth.get("charts").isBlank()) {
                        List<Path> charts = GrowthCharts.write(points, Path.of(growth.get("charts")));
                        charts.forEach(c -> System.out.println("chart: " + c));
                    }
                }
            } finally {
                cleanUp(dataDir, ok);
            }
        }
        System.exit(0);
    }

    /** The largest size needs its rows' worth of disk; better to stop now than after an hour of loading. */
    private static void requireDisk(Path dataDir, long largest) throws IOException {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        long needed = largest * DISK_BYTES_PER_ROW;
        System.out.printf(Locale.ROOT, "disk: %.1f GB free in %s, about %.1f GB needed for %d rows%n", free / 1e9,
                dataDir.getParent(), needed / 1e9, largest);
        if (free < needed) {
            StackFiles.deleteTree(dataDir);
            throw new IllegalStateException(String.format(Locale.ROOT, "not enough disk for %d rows: %.1f GB free in %s, "
                    + "about %.1f GB needed (java.io.tmpdir elsewhere: -Djava.io.tmpdir=...)", largest, free / 1e9,
                    dataDir.getParent(), needed / 1e9));
        }
    }

    /** Removes the data folder (PostgreSQL's files are tens of GB at 100 M rows); after a failure its logs are kept elsewhere. */
    private static void cleanUp(Path dataDir, boolean ok) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        if (!ok) {
            Path logs = dataDir.resolve("logs");
            try {
                Path kept = Files.createTempDirectory("growth-benchmark-logs-");
                if (Files.isDirectory(logs)) {
                    try (Stream<Path> files = Files.walk(logs)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            Path target = kept.resolve(logs.relativize(f).toString());
                            Files.createDirectories(target.getParent());
                            Files.copy(f, target);
                        }
                    }
                }
                System.out.println("Failed; logs kept in " + kept);
            } catch (IOException e) {
                System.out.println("Failed; could not keep the logs: " + e);
            }
        }
        StackFiles.deleteTree(dataDir);
    }

    private static void run(LocalStack stack, BenchmarkSettings settings, Map<String, String> growth, List<Long> sizes,
                            List<Point> points, Path scoringJar, Path dataDir) throws Exception {
        stack.registerConnector(settings.connectorConfig());
        PipelineRun pipeline = new PipelineRun(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, settings);
        // The measured events start at the previous full hour, the history lies in the 90 days before: the
        // times a live table holds (partitions, retention and the transform's checks all go by the clock).
        long base = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;
        long historyStart = base - PreLoad.HISTORY_DAYS * 86_400_000L;
        long previous = 0;
        int increments = 0;
        for (long size : sizes) {
            increments += size > previous ? 1 : 0;
            previous = size;
        }
        PreLoad history = new PreLoad(sizes.get(sizes.size() - 1), increments, 42, base);
        PreLoad.Indexes indexMode = PreLoad.Indexes.parse(growth.get("preload.indexes"));
        IngestionBenchmark.step("pre-load plan: " + history.users() + " users (Zipf), " + increments + " increments, indexes "
                + indexMode.name().toLowerCase(Locale.ROOT) + " during COPY");
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE);
             ScoringService scoring = startScoring(stack, scoringJar, dataDir, growth)) {
            Tools tools = new Tools(scoringJar, model(dataDir), database(stack), URI.create(scoring.url() + "/predict"), dataDir);
            db.setAutoCommit(true);
            partitionsFor(db, base - (PreLoad.HISTORY_DAYS + 1) * 86_400_000L);
            if (settings.warmupEvents() > 0) {
                CopyLoad.truncate(db);
                FeatureEvents warmup = new FeatureEvents(settings.users(), base - 86_400_000L);
                IngestionBenchmark.step("warm-up: " + settings.warmupEvents() + " events");
                PipelineRun.Result w = pipeline.run(warmup, settings.warmupEvents(), db, () -> IngestionBenchmark.sinkFailure(stack));
                IngestionBenchmark.step(String.format(Locale.ROOT, "warm-up done, %.0f events/s", w.eventsPerSecond()));
            }
            double warmupSeconds = Double.parseDouble(growth.get("http.warmup"));
            if (warmupSeconds > 0) {
                // The service's JIT, not reported: a cold first point would flatter every ratio to it.
                PredictLoad.Result w = PredictLoad.closedLoop(tools.predict(), Integer.parseInt(growth.get("http.max.connections")),
                        warmupSeconds, history.lookupUsers(3, settings.users()));
                IngestionBenchmark.step(String.format(Locale.ROOT, "HTTP warm-up: %.0f req/s for %.0f s (%d errors, not counted)",
                        w.requestsPerSecond(), warmupSeconds, w.errors()));
            }
            for (long size : sizes) {
                points.add(point(stack, db, settings, growth, history, indexMode, tools, pipeline, size, base, historyStart));
            }
        }
    }

    private static Point point(LocalStack stack, Connection db, BenchmarkSettings settings, Map<String, String> growth,
                               PreLoad history, PreLoad.Indexes indexMode, Tools tools, PipelineRun pipeline, long size,
                               long base, long historyStart) throws Exception {
        Map<String, Double> phases = new LinkedHashMap<>();
        long t = System.nanoTime();
        IngestionBenchmark.step("size " + size + ": pre-load " + (size - history.rows()) + " more rows (COPY, Zipf users, "
                + PreLoad.HISTORY_DAYS + " days, indexes " + indexMode.name().toLowerCase(Locale.ROOT) + ")");
        PreLoad.Result preload = history.growTo(db, size, indexMode, growth.get("preload.maintenance_work_mem"),
                Integer.parseInt(growth.get("preload.parallel_workers")));
        t = phase(phases, "pre-load", t);
        IngestionBenchmark.step("size " + size + ": pre-load " + preload.describe());

        FeatureEvents events = new FeatureEvents(settings.users(), base);
        CpuAccounting cpu = IngestionBenchmark.cpuAccounting(stack);
        Map<String, Double> before = cpu.snapshot();
        PipelineRun.Result r = pipeline.run(events, settings.events(), db, () -> IngestionBenchmark.sinkFailure(stack), GrowthBenchmark::measuredRows);
        Map<String, Double> used = CpuAccounting.delta(before, cpu.snapshot());
        String load = IngestionBenchmark.loadAverage();
        IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: pipeline %.0f events/s (load %s)", size, r.eventsPerSecond(), load));
        RowCheck.verify(db, events, settings.events(), SAMPLE_ROWS);
        t = phase(phases, "pipeline", t);

        // Freshness on the warm connector, as measured users half an hour after the pipeline's events: the copy
        // below deletes every row of the measured users, these included.
        long freshFrom = base + 1_800_000L;
        FreshnessRun.Result freshness;
        try (Connection probe = stack.postgres().connect(PostgresServer.DATABASE)) {
            freshness = new FreshnessRun(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, settings).run(probe,
                    new FeatureEvents(settings.users(), freshFrom), Double.parseDouble(growth.get("freshness.rate")),
                    Double.parseDouble(growth.get("freshness.seconds")), () -> IngestionBenchmark.sinkFailure(stack),
                    c -> measuredRowsSince(c, freshFrom));
        }
        IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: freshness at %.0f events/s p50 %.1f ms p99 %.1f ms%s", size,
                freshness.achievedRate(), freshness.percentileMillis(50), freshness.percentileMillis(99),
                freshness.keptUp() ? "" : " (fell behind)"));
        t = phase(phases, "freshness", t);

        double copySeconds = copyAgain(db, events, settings.events());
        IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: COPY of the same rows %.0f rows/s", size,
                settings.events() / copySeconds));
        t = phase(phases, "COPY", t);

        LookupLoad.Result lookups = lookups(stack, growth, history.lookupUsers(7, settings.users()));
        IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: JDBC lookups p50 %.2f ms p99 %.2f ms at %.0f/s",
                size, lookups.percentileMillis(50), lookups.percentileMillis(99), lookups.rate()));
        t = phase(phases, "JDBC lookups", t);

        PredictLoad.Result httpMax = PredictLoad.closedLoop(tools.predict(), Integer.parseInt(growth.get("http.max.connections")),
                Double.parseDouble(growth.get("http.max.seconds")), history.lookupUsers(11, settings.users()))
                .requireNoErrors("size " + size + ": /predict closed loop");
        PredictLoad.Result http = PredictLoad.constantRate(tools.predict(), Integer.parseInt(growth.get("http.connections")),
                Double.parseDouble(growth.get("http.rate")), Double.parseDouble(growth.get("http.seconds")),
                history.lookupUsers(13, settings.users())).requireNoErrors("size " + size + ": /predict at a constant rate");
        IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: /predict by user_id closed loop %.0f req/s; at %.0f req/s "
                + "p50 %.2f ms p99 %.2f ms", size, httpMax.requestsPerSecond(), http.rate(), http.percentileMillis(50),
                http.percentileMillis(99)));
        t = phase(phases, "HTTP", t);

        TrainingSetRun.Result training = TrainingSetRun.run(tools.scoringJar(), tools.model(), tools.database(), tools.workDir(),
                Integer.parseInt(growth.get("training.entities")), history.lookupUsers(17, settings.users()), historyStart, base, 19);
        IngestionBenchmark.step(String.format(Locale.ROOT, "size %d: training-set %d rows in %.1f s, %.0f rows/s", size,
                training.rows(), training.seconds(), training.rowsPerSecond()));
        phase(phases, "training-set", t);
        IngestionBenchmark.step("size " + size + ": phase seconds " + phases.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).toList());
        return new Point(size, preload, r, used, copySeconds, lookups, httpMax, http, training, freshness, tableBytes(db), load,
                phases);
    }

    private static long phase(Map<String, Double> phases, String name, long startNanos) {
        long now = System.nanoTime();
        phases.put(name, (now - startNanos) / 1e9);
        return now;
    }

    /**
     * The scoring service from its jar with the demo model (latest click, view, purchase: the lookups above), on
     * the stack's database as its read-only role, as the stack runs it; started here rather than by the stack
     * so that {@code http.lookup.timeout.ms} can give a loaded machine a longer lookup deadline.
     */
    private static ScoringService startScoring(LocalStack stack, Path jar, Path dataDir, Map<String, String> growth) {
        Path log = dataDir.resolve("logs").resolve("growth-scoring-service.log");
        Path model = model(dataDir);
        ScoringService.ensureDemoModel(jar, model, log);
        Map<String, String> env = new HashMap<>(database(stack));
        env.put("MODEL_PATH", model.toString());
        env.put("DATABASE_POOL_SIZE", "4");
        if (!growth.get("http.lookup.timeout.ms").isBlank()) {
            env.put("LOOKUP_TIMEOUT_MS", growth.get("http.lookup.timeout.ms"));
        }
        ScoringService scoring = new ScoringService(jar, Ports.free(), env, log);
        try {
            scoring.start(Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            scoring.close();
            throw e;
        }
        IngestionBenchmark.step("scoring service on " + scoring.url() + " (pid " + scoring.pid() + ", demo model " + model.getFileName() + ")");
        return scoring;
    }

    private static Path model(Path dataDir) {
        return dataDir.resolve("growth-model").resolve("model.json");
    }

    private static Map<String, String> database(LocalStack stack) {
        return Map.of("DATABASE_URL", stack.jdbcUrl(), "DATABASE_USER", StackNames.SCORING_DB_USER,
                "DATABASE_PASSWORD", stack.scoringDbPassword());
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

    private static LookupLoad.Result lookups(LocalStack stack, Map<String, String> growth, Supplier<String> users) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < Integer.parseInt(growth.get("lookup.connections")); i++) {
                connections.add(stack.postgres().connect(PostgresServer.DATABASE));
            }
            return LookupLoad.run(connections, Double.parseDouble(growth.get("lookup.rate")),
                    Double.parseDouble(growth.get("lookup.seconds")), users);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** The measured users' rows from {@code sinceEpochMillis} on: the freshness run's, beside the pipeline's earlier ones. */
    private static long measuredRowsSince(Connection db, long sinceEpochMillis) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM user_features WHERE "
                + PreLoad.MEASURED_USERS + " AND ingestion_timestamp >= to_timestamp(" + sinceEpochMillis / 1000 + ")")) {
            rs.next();
            return rs.getLong(1);
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
        // The baseline is the last point of the smallest size: given twice (growth.sh 0 0 10M), the second one was
        // measured with every JVM warm, as the later sizes are.
        Point base = points.stream().filter(p -> p.rows() == points.get(0).rows()).reduce((a, b) -> b).orElseThrow();
        System.out.println();
        System.out.println("== Growth benchmark ==");
        System.out.println("machine   " + Report.machine());
        System.out.println("settings  " + settings.describe() + "; JDBC lookups " + growth.get("lookup.rate") + "/s for "
                + growth.get("lookup.seconds") + " s on " + growth.get("lookup.connections") + " connections; /predict closed loop "
                + growth.get("http.max.seconds") + " s on " + growth.get("http.max.connections") + " connections, constant "
                + growth.get("http.rate") + " req/s for " + growth.get("http.seconds") + " s on " + growth.get("http.connections")
                + " connections; training-set " + growth.get("training.entities") + " entities; freshness at "
                + growth.get("freshness.rate") + " events/s for " + growth.get("freshness.seconds") + " s; pre-load indexes "
                + growth.get("preload.indexes"));
        System.out.println("baseline  the last point of the first size (" + base.rows() + " rows), same run; ratios are to it");
        System.out.printf(Locale.ROOT, "%12s %8s %10s %10s %6s %8s %8s %10s %6s %8s %8s %6s %9s %8s %8s %6s %9s %9s %9s %-16s%n",
                "rows before", "table MB", "preload/s", "pipeline/s", "ratio", "Conn µs", "PG µs", "COPY/s", "p/COPY",
                "JDBC p50", "JDBC p99", "ratio", "HTTP max", "HTTP p50", "HTTP p99", "ratio", "train/s", "fresh p50", "fresh p99",
                "load 1/5/15");
        for (Point p : points) {
            System.out.printf(Locale.ROOT, "%12d %8.0f %10.0f %10.0f %6.2f %8.1f %8.1f %10.0f %6.2f %8.2f %8.2f %6.2f %9.0f %8.2f %8.2f %6.2f %9.0f %9.1f %9.1f %-16s%n",
                    p.rows(), p.tableBytes() / 1e6, p.preload().rowsPerSecond(), p.pipeline().eventsPerSecond(),
                    p.pipeline().eventsPerSecond() / base.pipeline().eventsPerSecond(), p.perEventMicros("Connect"),
                    p.perEventMicros("PostgreSQL"), p.copyRowsPerSecond(), p.pipeline().eventsPerSecond() / p.copyRowsPerSecond(),
                    p.lookups().percentileMillis(50), p.lookups().percentileMillis(99),
                    p.lookups().percentileMillis(99) / base.lookups().percentileMillis(99), p.httpMax().requestsPerSecond(),
                    p.http().percentileMillis(50), p.http().percentileMillis(99),
                    p.http().percentileMillis(99) / base.http().percentileMillis(99), p.training().rowsPerSecond(),
                    p.freshness().percentileMillis(50), p.freshness().percentileMillis(99), p.load());
        }
        for (Point p : points) {
            System.out.println("pre-load  " + p.preload().describe());
        }
        for (Point p : points) {
            System.out.printf(Locale.ROOT, "RESULT rows=%d pipeline_eps=%.0f copy_rps=%.0f connect_us=%.1f pg_us=%.1f "
                            + "lookup_p50_ms=%.3f lookup_p99_ms=%.3f lookups_found=%d/%d http_max_rps=%.0f http_rate=%.0f "
                            + "http_p50_ms=%.3f http_p99_ms=%.3f training_rps=%.0f fresh_rate=%.0f fresh_p50_ms=%.1f "
                            + "fresh_p99_ms=%.1f fresh_kept_up=%b preload_added=%d preload_rps=%.0f "
                            + "preload_copy_rps=%.0f preload_s=%.1f table_mb=%.0f load=\"%s\" phases_s=\"%s\"%n",
                    p.rows(), p.pipeline().eventsPerSecond(), p.copyRowsPerSecond(), p.perEventMicros("Connect"),
                    p.perEventMicros("PostgreSQL"), p.lookups().percentileMillis(50), p.lookups().percentileMillis(99),
                    p.lookups().found(), p.lookups().micros().length, p.httpMax().requestsPerSecond(), p.http().rate(),
                    p.http().percentileMillis(50), p.http().percentileMillis(99), p.training().rowsPerSecond(),
                    p.freshness().achievedRate(), p.freshness().percentileMillis(50), p.freshness().percentileMillis(99),
                    p.freshness().keptUp(), p.preload().added(), p.preload().rowsPerSecond(), p.preload().copyRowsPerSecond(), p.preload().seconds(),
                    p.tableBytes() / 1e6, p.load(), p.phases().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s=%.1f", e.getKey().replace(' ', '_'), e.getValue()))
                            .reduce((a, b) -> a + " " + b).orElse(""));
        }
    }
}
