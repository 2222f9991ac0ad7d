package io.kafkaprediction.transforms.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.InsertField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.kafkaprediction.transforms.FeatureEventJsonConverter;
import io.kafkaprediction.transforms.ToUserFeature;
import io.kafkaprediction.transforms.ValidateFeatureEvent;

/**
 * validate → reshape on one thread, in records per second, over the Maps (and Structs) that
 * JsonConverter hands a sink's transforms. Baselines in the same run: handing the record on
 * untouched, and Kafka's own InsertField adding one field to the same Maps.
 *
 * <p>The converter step, from the record's bytes to the Map: our {@link FeatureEventJsonConverter}
 * against Kafka's {@link JsonConverter} (baseline) on the same events, and ours on events whose
 * {@code user_id} holds 20 digits, which take its streaming pass (the worst case for valid input).
 *
 * <p>Besides wall-clock records/s, each iteration prints records per second of CPU time of the
 * benchmark thread, which holds still on a machine shared with other work, where the wall-clock
 * figure mostly measures the share of a core the thread got.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class TransformChainBenchmark {

    private static final int RECORDS = 4096; // distinct users, types and times: no lucky caching

    private final ValidateFeatureEvent<SinkRecord> validate = new ValidateFeatureEvent<>();
    private final ToUserFeature<SinkRecord> toRow = new ToUserFeature<>();
    private final InsertField<SinkRecord> insertField = new InsertField.Value<>();
    private SinkRecord[] mapRecords;
    private SinkRecord[] structRecords;
    private byte[][] eventBytes;
    private byte[][] longDigitEventBytes;
    private final JsonConverter kafkaConverter = converter(new JsonConverter(), false);
    private final FeatureEventJsonConverter ourConverter = converter(new FeatureEventJsonConverter(), false);
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        validate.configure(Map.of());
        toRow.configure(Map.of());
        insertField.configure(Map.of("static.field", "source", "static.value", "bench"));
        JsonConverter schemaless = converter(new JsonConverter(), false);
        JsonConverter withSchema = converter(new JsonConverter(), true);
        eventBytes = new byte[RECORDS][];
        longDigitEventBytes = new byte[RECORDS][];
        mapRecords = new SinkRecord[RECORDS];
        structRecords = new SinkRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            String event = "{\"user_id\":\"user" + i + "\",\"event_type\":\"feature_" + (i % 16) + "\",\"value\":" + (i * 0.37)
                    + ",\"timestamp\":\"2026-01-" + (10 + i % 18) + "T" + (10 + i % 12) + ":" + (10 + i % 50) + ":00."
                    + (100 + i % 900) + "Z\"}";
            String enveloped = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"user_id\",\"type\":\"string\"},"
                    + "{\"field\":\"event_type\",\"type\":\"string\"},{\"field\":\"value\",\"type\":\"double\"},"
                    + "{\"field\":\"timestamp\",\"type\":\"string\"}]},\"payload\":" + event + "}";
            eventBytes[i] = event.getBytes(StandardCharsets.UTF_8);
            longDigitEventBytes[i] = event.replace("\"user" + i + "\"", "\"" + (10_000_000_000_000_000L + i) + "0000\"")
                    .getBytes(StandardCharsets.UTF_8);
            mapRecords[i] = record(schemaless.toConnectData("raw_data_events", event.getBytes(StandardCharsets.UTF_8)), i);
            structRecords[i] = record(withSchema.toConnectData("raw_data_events", enveloped.getBytes(StandardCharsets.UTF_8)), i);
        }
    }

    private static <C extends JsonConverter> C converter(C converter, boolean schemas) {
        converter.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        return converter;
    }

    private static SinkRecord record(SchemaAndValue value, int offset) {
        return new SinkRecord("raw_data_events", 0, Schema.STRING_SCHEMA, "user" + offset, value.schema(), value.value(), offset);
    }

    /** Counts records and the benchmark thread's CPU time per iteration, and prints their ratio. */
    @State(Scope.Thread)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        long records;
        private long cpuStartNanos;

        @Setup(Level.Iteration)
        public void start() {
            records = 0;
            cpuStartNanos = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void report() {
            long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
            System.out.printf("(%,.0f records per CPU-second of the benchmark thread) ", records * 1e9 / cpuNanos);
        }
    }

    /** The next input of the ring, counted for the records-per-CPU-second figure. */
    private <T> T next(T[] inputs, CpuTime cpu) {
        cpu.records++;
        return inputs[nextIndex()];
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (RECORDS - 1);
        return i;
    }

    @Benchmark
    public SinkRecord validateThenReshapeMap(CpuTime cpu) {
        return toRow.apply(validate.apply(next(mapRecords, cpu)));
    }

    @Benchmark
    public SinkRecord validateThenReshapeStruct(CpuTime cpu) {
        return toRow.apply(validate.apply(next(structRecords, cpu)));
    }

    /** Breakdown, not in the default run: the validator alone. */
    @Benchmark
    public SinkRecord partValidateMap(CpuTime cpu) {
        return validate.apply(next(mapRecords, cpu));
    }

    /** Breakdown, not in the default run: the reshape alone (it reads the event with the same checks). */
    @Benchmark
    public SinkRecord partReshapeMap(CpuTime cpu) {
        return toRow.apply(next(mapRecords, cpu));
    }

    @Benchmark
    public SinkRecord baselineIdentity(CpuTime cpu) {
        return next(mapRecords, cpu);
    }

    @Benchmark
    public SinkRecord baselineKafkaInsertField(CpuTime cpu) {
        return insertField.apply(next(mapRecords, cpu));
    }

    @Benchmark
    public SchemaAndValue convertFeatureEventJsonConverter(CpuTime cpu) {
        return ourConverter.toConnectData("raw_data_events", next(eventBytes, cpu));
    }

    @Benchmark
    public SchemaAndValue convertFeatureEventJsonConverterLongDigits(CpuTime cpu) {
        return ourConverter.toConnectData("raw_data_events", next(longDigitEventBytes, cpu));
    }

    @Benchmark
    public SchemaAndValue baselineKafkaJsonConverter(CpuTime cpu) {
        return kafkaConverter.toConnectData("raw_data_events", next(eventBytes, cpu));
    }
}
