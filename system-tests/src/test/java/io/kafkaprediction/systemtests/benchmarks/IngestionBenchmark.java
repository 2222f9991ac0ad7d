package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.connect.ConnectWorker;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.StackFiles;

/**
 * Ingestion benchmark: a fresh {@link LocalStack} on free ports in a temporary folder,
 * then, in one run, three figures for the same rows into the same {@code user_features} table:
 * <ol>
 *   <li>the pipeline: events produced to {@value StackNames#EVENTS_TOPIC}, Kafka Connect with our
 *       SMTs and the Debezium JDBC sink, until {@code count(*)} sees every row (end to end);</li>
 *   <li>{@code COPY} of the same rows (the physical limit of this PostgreSQL on this machine);</li>
 *   <li>the naive consumer (insert and commit per message) on a bounded sample.</li>
 * </ol>
 * A warm-up batch with other keys runs first and is truncated, so the figure is the JIT-warm,
 * sustained rate. Run it with {@code system-tests/benchmarks/ingest.sh [key=value ...]}; keys are in
 * {@link BenchmarkSettings}.
 */
public final class IngestionBenchmark {
    private static final int SAMPLE_ROWS = 1_000;

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.parse(args);
        Path repo = StackFiles.repositoryRoot();
        Path dataDir = StackFiles.newDataFolder("ingest-benchmark");
        // Before the first logger: the broker in this JVM logs to files under the data folder.
        System.setProperty("stack.logDir", dataDir.resolve("logs").toString());
        // ingest.sh passes a private copy: other builds in the same checkout rewrite target/ meanwhile.
        Path plugins = Path.of(System.getProperty("bench.pluginPath", repo.resolve("local-stack/target/plugins").toString()));
        if (!Files.isDirectory(plugins.resolve("debezium-connector-jdbc"))) {
            throw new IllegalStateException("no Debezium JDBC sink in " + plugins
                    + ": build the plugins first with  mvn -B -q -pl local-stack -am package -DskipTests");
        }
        System.out.println("Ingestion benchmark: " + settings.describe());
        System.out.println("Data and logs: " + dataDir);
        StackConfig config = StackConfig.builder(dataDir, plugins, repo.resolve("connect-configs"))
                .registerConnector(false)
                .workerJvmOptions(settings.workerJvmOptions())
                .workerProperties(settings.workerOverrides())
                .build();
        boolean ok = false;
        LocalStack stack = new LocalStack(config);
        // Ctrl-C: stop the worker JVMs and PostgreSQL in order rather than leaving them behind.
        Thread stopOnSignal = new Thread(stack::close, "benchmark-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            stack.start();
            Report report = run(stack, settings);
            report.print(System.out);
            ok = true;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running: nothing left to undo.
            }
            if (ok) {
                StackFiles.deleteTree(dataDir);
            } else {
                System.out.println("Failed; logs kept in " + dataDir.resolve("logs"));
            }
        }
        // Kafka leaves non-daemon threads behind after an orderly close; the run is over.
        System.exit(0);
    }

    private static Report run(LocalStack stack, BenchmarkSettings settings) throws Exception {
        preparePartitions(stack, settings.partitions());
        for (int w = 2; w <= settings.workers(); w++) {
            stack.startWorker("connect-" + w, settings.workerJvmOptions());
        }
        stack.registerConnector(settings.connectorConfig());
        Report report = new Report(settings);
        PipelineRun pipeline = new PipelineRun(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, settings);
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE)) {
            db.setAutoCommit(true);
            CopyLoad.truncate(db);
            if (settings.warmupEvents() > 0) {
                // Keys a year before the measured ones: never the same rows.
                FeatureEvents warmup = new FeatureEvents(settings.users(), FeatureEvents.BASE_EPOCH_MILLIS - 365L * 86_400_000L);
                step("warm-up: " + settings.warmupEvents() + " events");
                PipelineRun.Result w = pipeline.run(warmup, settings.warmupEvents(), db, () -> sinkFailure(stack));
                step(String.format(Locale.ROOT, "warm-up done, %.0f events/s", w.eventsPerSecond()));
                CopyLoad.truncate(db);
            }
            if (!settings.variantOverrides().isEmpty()) {
                AbComparison comparison = new AbComparison(stack, settings, pipeline, db, () -> cpuAccounting(stack));
                comparison.run();
                report.comparison = comparison;
                return report;
            }
            FeatureEvents events = new FeatureEvents(settings.users(), FeatureEvents.BASE_EPOCH_MILLIS);
            step("pipeline: " + settings.events() + " events, from first send until count(*) sees them all");
            CpuAccounting cpu = cpuAccounting(stack);
            WorkerProfile profile = settings.jfr().isEmpty() ? null
                    : WorkerProfile.start(stack.workers().get(0).pid(), Path.of(settings.jfr()));
            Map<String, Double> cpuBefore = cpu.snapshot();
            report.pipeline = pipeline.run(events, settings.events(), db, () -> sinkFailure(stack));
            report.pipelineCpu = CpuAccounting.describe(CpuAccounting.delta(cpuBefore, cpu.snapshot()), settings.events());
            if (profile != null) {
                report.workerCpu = profile.stop();
                report.profile = JfrBreakdown.read(profile.file());
                step("JFR recording of the worker over the pipeline run: " + profile.file().toAbsolutePath());
            }
            report.pipelineLoad = loadAverage();
            step(String.format(Locale.ROOT, "pipeline done, %.0f events/s (load %s)", report.pipeline.eventsPerSecond(), report.pipelineLoad));
            RowCheck.verify(db, events, settings.events(), SAMPLE_ROWS);
            report.deadLetters = deadLetters(stack);
            if (report.deadLetters != 0) {
                throw new IllegalStateException(report.deadLetters + " events went to " + StackNames.DLQ_TOPIC
                        + "; every generated event should be valid: see the worker log");
            }
            // The sink stops competing for the CPU and the table before the baselines run.
            stack.connectClient().delete("/connectors/" + StackNames.CONNECTOR);
            if (settings.copy()) {
                step("COPY: the same " + settings.events() + " rows");
                report.copySeconds = CopyLoad.run(db, events, settings.events());
                report.copyLoad = loadAverage();
                RowCheck.verify(db, events, settings.events(), SAMPLE_ROWS);
            }
            if (settings.naive()) {
                step("naive consumer: insert + commit per message, at most " + settings.naiveMaxEvents() + " events or "
                        + settings.naiveSeconds() + " s");
                CopyLoad.truncate(db);
                report.naive = NaiveConsumer.run(stack.bootstrapServers(), StackNames.EVENTS_TOPIC, db,
                        settings.naiveMaxEvents(), Duration.ofSeconds(settings.naiveSeconds()));
                report.naiveLoad = loadAverage();
                long rows = PipelineRun.countRows(db);
                if (rows != report.naive.rows()) {
                    throw new IllegalStateException("the naive consumer committed " + report.naive.rows() + " rows but the table has " + rows);
                }
            }
        }
        return report;
    }

    static void preparePartitions(LocalStack stack, int partitions) throws Exception {
        if (partitions < StackNames.EVENTS_PARTITIONS) {
            throw new IllegalArgumentException("partitions=" + partitions + ": the stack creates " + StackNames.EVENTS_TOPIC
                    + " with " + StackNames.EVENTS_PARTITIONS + " and Kafka can only add partitions");
        }
        if (partitions > StackNames.EVENTS_PARTITIONS) {
            try (Admin admin = stack.kafka().admin()) {
                admin.createPartitions(Map.of(StackNames.EVENTS_TOPIC, NewPartitions.increaseTo(partitions)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long deadLetters(LocalStack stack) throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            TopicPartition dlq = new TopicPartition(StackNames.DLQ_TOPIC, 0);
            return admin.listOffsets(Map.of(dlq, OffsetSpec.latest())).partitionResult(dlq).get(30, TimeUnit.SECONDS).offset();
        }
    }

    /** Why the sink connector is not RUNNING, for a benchmark's failure message. */
    static String sinkFailure(LocalStack stack) {
        try {
            return stack.connectClient().notRunningReason(StackNames.CONNECTOR);
        } catch (RuntimeException e) {
            return "connector status unavailable: " + e.getMessage();
        }
    }

    /** CPU time of the stack's parts: this JVM (broker, producer), the Connect workers, PostgreSQL. */
    static CpuAccounting cpuAccounting(LocalStack stack) {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        groups.put("broker+producer JVM", List.of(ProcessHandle.current().pid()));
        groups.put("Connect", stack.workers().stream().filter(ConnectWorker::isAlive).map(ConnectWorker::pid).toList());
        return new CpuAccounting(groups, CpuAccounting.postmasterPid(stack.config().dataDir().resolve("postgres")));
    }

    /** The 1-, 5- and 15-minute load averages, as {@code uptime} prints them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static void step(String what) {
        System.out.printf(Locale.ROOT, "%tT  benchmark  %s%n", System.currentTimeMillis(), what);
    }
}
