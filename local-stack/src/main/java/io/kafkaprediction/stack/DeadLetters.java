package io.kafkaprediction.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./stack dlq}: the last dead letters on {@value StackNames#DLQ_TOPIC}, each with the reason
 * Connect wrote into its headers. The stack ships no Kafka console tools and the REST Proxy API only
 * produces, so this is the operator's way to read why events were rejected. Reads with a throwaway
 * assignment (no consumer group), so it never moves anyone's offsets.
 *
 * <p>A dead letter of stage {@value #SINK_STAGE} is flagged as a sink failure: bad input fails in the
 * converter or a transform, while {@value #SINK_STAGE} means the sink could not write the record
 * (Confluent's JDBC sink with {@code errors.tolerance=all} sends a whole batch there once its
 * {@code max.retries} for an SQL error are used up), so the event may well be valid.
 */
public final class DeadLetters {
    static final String REASON_HEADER = "__connect.errors.exception.message";
    static final String STAGE_HEADER = "__connect.errors.stage";
    static final String SINK_STAGE = "TASK_PUT";
    private static final int MAX_VALUE_CHARS = 200;
    private static final Duration POLL = Duration.ofMillis(500);

    private DeadLetters() {
    }

    /** Prints the last {@code count} dead letters per partition, oldest first; returns how many it printed. */
    public static int print(String bootstrapServers, int count, PrintStream out) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A dead letter can hold a value of up to the broker's message limit (a 1 MB user_id, say).
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        int printed = 0;
        int sinkFailures = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(StackNames.DLQ_TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            long remaining = 0;
            for (TopicPartition tp : partitions) {
                long from = Math.max(begins.get(tp), ends.get(tp) - count);
                consumer.seek(tp, from);
                remaining += ends.get(tp) - from;
            }
            while (remaining > 0) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    out.println(describe(record));
                    printed++;
                    if (SINK_STAGE.equals(header(record, STAGE_HEADER))) {
                        sinkFailures++;
                    }
                    remaining--;
                }
                if (records.isEmpty() && partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                    break;
                }
            }
        }
        if (printed == 0) {
            out.println("No dead letters on " + StackNames.DLQ_TOPIC + ".");
        }
        if (sinkFailures > 0) {
            out.println("SINK FAILURE: " + sinkFailures + " of these have stage " + SINK_STAGE + ": the sink could not write them"
                    + " (not bad input). Fix the database side, then produce those events again.");
        }
        return printed;
    }

    static String describe(ConsumerRecord<byte[], byte[]> record) {
        return StackNames.DLQ_TOPIC + "-" + record.partition() + "@" + record.offset()
                + " " + Instant.ofEpochMilli(record.timestamp())
                + "\n  reason: " + header(record, REASON_HEADER)
                + "\n  stage:  " + header(record, STAGE_HEADER)
                + (SINK_STAGE.equals(header(record, STAGE_HEADER)) ? " (sink failure: the write failed, the event may be valid)" : "")
                + "\n  from:   " + header(record, "__connect.errors.topic") + "-" + header(record, "__connect.errors.partition")
                + "@" + header(record, "__connect.errors.offset")
                + "\n  value:  " + cut(record.value() == null ? "(null)" : new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String cut(String text) {
        return text.length() <= MAX_VALUE_CHARS ? text
                : text.substring(0, MAX_VALUE_CHARS) + "… (" + text.length() + " characters)";
    }
}
