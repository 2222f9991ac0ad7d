package io.kafkaprediction.systemtests.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The consumer the original project had instead of Kafka Connect: subscribe, and for every
 * message parse the JSON, INSERT one row and COMMIT, on one JDBC connection. Kept naive on
 * purpose (that is the baseline); only the prepared statement is reused, which flatters it.
 */
final class NaiveConsumer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rows written and the seconds from the first record received to the last commit. */
    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private NaiveConsumer() {
    }

    static Result run(String bootstrapServers, String topic, Connection db, long maxEvents, Duration maxTime)
            throws SQLException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "naive-consumer-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        long rows = 0;
        long first = 0;
        long last = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
             PreparedStatement insert = db.prepareStatement("INSERT INTO user_features ("
                     + FeatureEvents.COPY_COLUMNS + ") VALUES (?::uuid, ?, ?, ?, ?)")) {
            consumer.subscribe(List.of(topic));
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (rows < maxEvents) {
                long now = System.nanoTime();
                if (first != 0 && now - first >= maxTime.toNanos()) {
                    break;
                }
                if (first == 0 && now > giveUp) {
                    throw new IllegalStateException("the naive consumer got no record from " + topic + " within 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    JsonNode event = JSON.readTree(record.value());
                    String userId = event.get("user_id").asText();
                    String eventType = event.get("event_type").asText();
                    Instant timestamp = Instant.parse(event.get("timestamp").asText());
                    insert.setString(1, FeatureEvents.featureId(userId, eventType, timestamp.toEpochMilli()));
                    insert.setString(2, userId);
                    insert.setString(3, eventType);
                    insert.setDouble(4, event.get("value").asDouble());
                    insert.setObject(5, OffsetDateTime.ofInstant(timestamp, ZoneOffset.UTC));
                    insert.executeUpdate();
                    db.commit();
                    rows++;
                    last = System.nanoTime();
                    if (rows >= maxEvents || last - first >= maxTime.toNanos()) {
                        break;
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the naive consumer could not parse an event: " + e.getMessage(), e);
        } finally {
            db.setAutoCommit(autoCommit);
        }
        return new Result(rows, (last - first) / 1e9);
    }
}
