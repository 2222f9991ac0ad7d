package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * 10 000 malformed events (random mutations of valid ones, fixed seed) shuffled among 10 000
 * valid ones, produced as raw bytes: each malformed one reaches the dead-letter topic with its
 * reason, each valid one becomes a row, and the connector never stops running.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class DeadLetterVolumeIT {
    static final int MALFORMED = 10_000;
    static final int VALID = 10_000;
    static final long SEED = 20_260_127L;
    static final String REASON_HEADER = "__connect.errors.exception.message";

    @Test
    void everyMalformedEventIsDeadLetteredWithItsReasonAndEveryValidOneIsStored(LocalStack stack) throws Exception {
        int from = FeatureEvents.newRange();
        String keyPrefix = "malformed-" + from + "-";
        Map<String, String> kindByKey = new HashMap<>();
        FeatureRows rows = new FeatureRows(stack);
        long start = System.nanoTime();

        try (ConnectorWatch watch = new ConnectorWatch(stack).start()) {
            produce(stack, from, keyPrefix, kindByKey);
            double rowsIn = rows.awaitCount(from, VALID, VALID, Duration.ofMinutes(3), watch::current);
            Map<String, String> reasons = readDeadLetters(stack, keyPrefix, Duration.ofMinutes(3));
            FeatureRows.Tally tally = rows.tally(from, VALID);
            List<String> notRunning = watch.notRunning();

            Map<String, Integer> perKind = new TreeMap<>();
            kindByKey.values().forEach(k -> perKind.merge(k, 1, Integer::sum));
            System.out.printf("RELIABILITY | %d malformed + %d valid events | dead letters %d | rows %d | lost %d"
                            + " | duplicated %d | rows in after %.1f s, all in %.1f s | connector not RUNNING in %d of %d"
                            + " status polls%n",
                    MALFORMED, VALID, reasons.size(), tally.rows(), tally.lost(), tally.duplicated(),
                    rowsIn, (System.nanoTime() - start) / 1e9, notRunning.size(), watch.polls());
            System.out.println("  mutations: " + perKind);
            reasons.values().stream().map(r -> r.length() > 90 ? r.substring(0, 90) : r).distinct().limit(8)
                    .forEach(r -> System.out.println("  reason: " + r));

            assertThat(reasons.keySet()).as("malformed events on " + StackNames.DLQ_TOPIC)
                    .containsExactlyInAnyOrderElementsOf(kindByKey.keySet());
            assertThat(reasons).as("reason header of each dead letter").allSatisfy((key, reason) ->
                    assertThat(reason).as("%s (%s)", key, kindByKey.get(key)).isNotBlank());
            assertThat(tally.rows()).as("rows (%s)", tally).isEqualTo(VALID);
            assertThat(tally.distinctIds()).as("distinct feature_id").isEqualTo(VALID);
            assertThat(tally.lost()).as("valid events without a row").isZero();
            assertThat(notRunning).as("connector states other than RUNNING seen during the run").isEmpty();
        }
    }

    /** Valid events keyed by user_id, malformed ones by a unique key that the dead letter keeps. */
    private static void produce(LocalStack stack, int from, String keyPrefix, Map<String, String> kindByKey) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        MalformedEvents mutations = new MalformedEvents(SEED);
        Random order = new Random(SEED);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            int valid = 0;
            int malformed = 0;
            while (valid < VALID || malformed < MALFORMED) {
                boolean sendValid = malformed == MALFORMED || (valid < VALID && order.nextBoolean());
                ProducerRecord<byte[], byte[]> record;
                if (sendValid) {
                    int index = from + valid++;
                    record = new ProducerRecord<>(StackNames.EVENTS_TOPIC, bytes(FeatureEvents.userId(index)), FeatureEvents.bytes(index));
                } else {
                    String key = keyPrefix + malformed;
                    MalformedEvents.Mutation mutation = mutations.next(from + VALID + malformed++);
                    kindByKey.put(key, mutation.kind());
                    record = new ProducerRecord<>(StackNames.EVENTS_TOPIC, bytes(key), mutation.bytes());
                }
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        }
        assertThat(failures.get()).as("events Kafka did not take, first: %s", firstFailure.get()).isZero();
    }

    /** The dead letters of this run, by key, with their reason header (a record seen twice counts once). */
    private static Map<String, String> readDeadLetters(LocalStack stack, String keyPrefix, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(StackNames.DLQ_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (reasons.size() < MALFORMED && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(keyPrefix)) {
                        Header reason = record.headers().lastHeader(REASON_HEADER);
                        reasons.put(key, reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return reasons;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
