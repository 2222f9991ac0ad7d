package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Bad events of every kind, interleaved with good ones, on one key (so one
 * partition, in order). Each bad one lands on the dead-letter topic with its reason in Connect's
 * error headers, each good one in PostgreSQL, and the connector keeps running.
 */
@ExtendWith(SystemStack.class)
class DeadLettersIT {
    private static final String MESSAGE_HEADER = "__connect.errors.exception.message";
    /** A bad value and a fragment its dead-letter reason must contain (null: any non-empty reason). */
    private record Bad(String what, byte[] value, String reason) {
        Bad(String what, String json, String reason) {
            this(what, json.getBytes(StandardCharsets.UTF_8), reason);
        }
    }

    private static List<Bad> badEvents() {
        String ts = "\"timestamp\":\"2026-01-20T15:00:00Z\"";
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("missing user_id", "{\"event_type\":\"click\",\"value\":1," + ts + "}", "user_id"));
        bad.add(new Bad("blank user_id", "{\"user_id\":\"  \",\"event_type\":\"click\",\"value\":1," + ts + "}", "user_id"));
        bad.add(new Bad("null user_id", "{\"user_id\":null,\"event_type\":\"click\",\"value\":1," + ts + "}", "user_id"));
        bad.add(new Bad("numeric user_id", "{\"user_id\":42,\"event_type\":\"click\",\"value\":1," + ts + "}", "user_id"));
        bad.add(new Bad("user_id of 256 characters", "{\"user_id\":\"" + "u".repeat(256) + "\",\"event_type\":\"click\",\"value\":1," + ts + "}", "user_id"));
        bad.add(new Bad("user_id of 1 MB", "{\"user_id\":\"" + "m".repeat(1_000_000) + "\",\"event_type\":\"click\",\"value\":1," + ts + "}", "user_id"));
        bad.add(new Bad("missing event_type", "{\"user_id\":\"u\",\"value\":1," + ts + "}", "event_type"));
        bad.add(new Bad("empty event_type", "{\"user_id\":\"u\",\"event_type\":\"\",\"value\":1," + ts + "}", "event_type"));
        bad.add(new Bad("boolean event_type", "{\"user_id\":\"u\",\"event_type\":true,\"value\":1," + ts + "}", "event_type"));
        bad.add(new Bad("event_type with a control character", "{\"user_id\":\"u\",\"event_type\":\"cl\\u0000ick\",\"value\":1," + ts + "}", "event_type"));
        bad.add(new Bad("missing value", "{\"user_id\":\"u\",\"event_type\":\"click\"," + ts + "}", "value"));
        bad.add(new Bad("value as a string", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":\"45\"," + ts + "}", "value"));
        bad.add(new Bad("boolean value", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":true," + ts + "}", "value"));
        bad.add(new Bad("null value", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":null," + ts + "}", "value"));
        bad.add(new Bad("value beyond double (Infinity)", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1e400," + ts + "}", "value"));
        bad.add(new Bad("value NaN as a string", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":\"NaN\"," + ts + "}", "value"));
        // Kafka's JsonConverter would wrap these into plausible longs; our converter rejects them.
        bad.add(new Bad("value beyond 64-bit integers", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":12345678901234567890," + ts + "}", "value"));
        bad.add(new Bad("epoch millis beyond 64 bits", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1,\"timestamp\":18446745842630751616}", "timestamp"));
        bad.add(new Bad("missing timestamp", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1}", "timestamp"));
        bad.add(new Bad("timestamp without offset", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"2026-01-20T15:00:00\"}", "timestamp"));
        bad.add(new Bad("timestamp in words", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"yesterday\"}", "timestamp"));
        bad.add(new Bad("fractional epoch millis", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1,\"timestamp\":1.5}", "timestamp"));
        bad.add(new Bad("boolean timestamp", "{\"user_id\":\"u\",\"event_type\":\"click\",\"value\":1,\"timestamp\":false}", "timestamp"));
        bad.add(new Bad("a JSON array", "[1,2,3]", null));
        bad.add(new Bad("a JSON string", "\"user2 clicked\"", null));
        bad.add(new Bad("a JSON number", "42", null));
        bad.add(new Bad("bytes that are not JSON", "{\"user_id\": oops", null));
        bad.add(new Bad("invalid UTF-8", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd}, null));
        return bad;
    }

    @Test
    void everyBadEventGoesToTheDeadLetterTopicWithItsReasonAndEveryGoodOneToPostgres() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] key = ("dead-letters-" + run).getBytes(StandardCharsets.UTF_8);
        List<Bad> bad = badEvents();
        List<String> goodUsers = new ArrayList<>();
        int good = 0;
        for (Bad b : bad) {
            String user = "dlq-good-" + run + "-" + good++;
            goodUsers.add(user);
            SystemStack.pipeline().produceBytes(StackNames.EVENTS_TOPIC, key, ("{\"user_id\":\"" + user + "\",\"event_type\":\"click\",\"value\":"
                    + good + ",\"timestamp\":\"2026-01-20T15:00:00Z\",\"extra\":\"ignored\"}").getBytes(StandardCharsets.UTF_8));
            SystemStack.pipeline().produceBytes(StackNames.EVENTS_TOPIC, key, b.value());
        }
        String lastUser = "dlq-good-" + run + "-last";
        goodUsers.add(lastUser);
        SystemStack.pipeline().produceBytes(StackNames.EVENTS_TOPIC, key, ("{\"user_id\":\"" + lastUser
                + "\",\"event_type\":\"click\",\"value\":0,\"timestamp\":1768921200000}").getBytes(StandardCharsets.UTF_8));

        SystemStack.pipeline().awaitRows(lastUser, 1);
        Map<String, String> reasons = deadLetters(key, bad.size());

        List<String> missing = bad.stream().filter(b -> !reasons.containsKey(new String(b.value(), StandardCharsets.UTF_8)))
                .map(Bad::what).toList();
        assertThat(missing).as("bad events missing from " + StackNames.DLQ_TOPIC).isEmpty();
        assertThat(reasons.size()).as("dead letters of this run").isEqualTo(bad.size());
        for (Bad b : bad) {
            String reason = reasons.get(new String(b.value(), StandardCharsets.UTF_8));
            assertThat(reason).as("dead-letter reason of %s", b.what()).isNotBlank().doesNotEndWith(":").doesNotEndWith(": ");
            if (b.reason() != null) {
                assertThat(reason.startsWith("field '" + b.reason() + "'")).as("dead-letter reason of %s: %s", b.what(),
                        reason.substring(0, Math.min(200, reason.length()))).isTrue();
            }
        }
        assertThat(reasons.get("{\"user_id\": oops")).contains("the record value is not JSON: Unrecognized token 'oops'");
        for (String user : goodUsers) {
            assertThat(SystemStack.pipeline().rows(user)).as("rows of %s", user).hasSize(1);
        }
        assertThat(SystemStack.stack().connectClient().notRunningReason(StackNames.CONNECTOR)).isNull();
    }

    /**
     * An empty value is a null record value to the JsonConverter, i.e. a tombstone; the connector
     * sets {@code transforms.validate.null.values=fail} so it is dead-lettered, not silently dropped.
     */
    @Test
    void anEmptyValueGoesToTheDeadLetterTopic() {
        byte[] key = ("empty-value-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        SystemStack.pipeline().produceBytes(StackNames.EVENTS_TOPIC, key, new byte[0]);

        assertThat(deadLetters(key, 1)).containsOnlyKeys("");
    }

    /** Dead letters with {@code key}: value (as text) to reason; waits for {@code expected}, then reads on briefly for extras. */
    private static Map<String, String> deadLetters(byte[] key, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SystemStack.stack().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        String keyText = new String(key, StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Assigned, not subscribed: a group rebalance would rewind an uncommitted consumer to the
            // start and count every dead letter again.
            List<TopicPartition> partitions = consumer.partitionsFor(StackNames.DLQ_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Pipeline.TIMEOUT.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !keyText.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                    Header header = record.headers().lastHeader(MESSAGE_HEADER);
                    reasons.put(value, header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                    seen.merge(value, 1, Integer::sum);
                }
                if (seen.values().stream().mapToInt(Integer::intValue).sum() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        assertThat(seen.values()).as("each dead letter exactly once").allMatch(n -> n == 1);
        return reasons;
    }
}
