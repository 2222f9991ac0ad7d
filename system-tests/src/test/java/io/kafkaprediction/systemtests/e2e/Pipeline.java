package io.kafkaprediction.systemtests.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.postgres.PostgresServer;

/** What the end-to-end tests do to the running stack: produce, read rows, predict, wait. */
public final class Pipeline implements AutoCloseable {
    static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A {@code user_features} row as stored. */
    record Row(String featureId, String userId, String eventType, double value, Instant timestamp) {
    }

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<byte[], byte[]> producer;
    private final Connection db;

    public Pipeline(LocalStack stack) {
        this.stack = stack;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1_048_576));
        this.producer = new KafkaProducer<>(props);
        try {
            this.db = stack.postgres().connect(PostgresServer.DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + stack.postgresUrl(), e);
        }
    }

    HttpResponse<String> postToRestProxy(String topic, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(stack.restProxyUrl() + "/topics/" + topic))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Produces one record through the REST Proxy API and returns its offsets entry. */
    JsonNode produceJson(String eventJson) {
        HttpResponse<String> response = postToRestProxy(StackNames.EVENTS_TOPIC, JSON_V2, "{\"records\":[{\"value\":" + eventJson + "}]}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("REST Proxy answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode offset = readTree(response.body()).get("offsets").get(0);
        if (!offset.get("error_code").isNull()) {
            throw new IllegalStateException("REST Proxy could not produce: " + offset);
        }
        return offset;
    }

    /** Produces raw bytes straight to Kafka (for values no HTTP client would send). */
    RecordMetadata produceBytes(String topic, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("producing to " + topic + " failed", e);
        }
    }

    HttpResponse<String> predict(String body) {
        return send(HttpRequest.newBuilder(URI.create(stack.scoringUrl() + "/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    List<Row> rows(String userId) {
        return select("feature_id::text, user_id, event_type, feature_value, ingestion_timestamp", userId,
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant()));
    }

    /** Each row's arrived_at, in the order of {@link #rows}. */
    List<Instant> arrivals(String userId) {
        return select("arrived_at", userId, rs -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The user's rows in event-time order, each read by {@code reader}. */
    private <T> List<T> select(String columns, String userId, RowReader<T> reader) {
        try (PreparedStatement select = db.prepareStatement("SELECT " + columns + " FROM user_features "
                + "WHERE user_id = ? ORDER BY ingestion_timestamp, event_type")) {
            select.setString(1, userId);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + columns + " of user_features failed", e);
        }
    }

    long countRows(Set<String> userIds) {
        return userIds.stream().mapToLong(u -> rows(u).size()).sum();
    }

    List<Row> awaitRows(String userId, int count) {
        List<Row>[] found = new List[1];
        await("" + count + " rows of " + userId, () -> {
            found[0] = rows(userId);
            return found[0].size() >= count ? null : found[0].size() + " rows so far";
        });
        return found[0];
    }

    /** Waits until the sink's consumer group has committed every record now on the events topic. */
    void awaitSinkCaughtUp() {
        try (Admin admin = stack.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < StackNames.EVENTS_PARTITIONS; p++) {
                latest.put(new TopicPartition(StackNames.EVENTS_TOPIC, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await("sink consumer group to reach " + ends, () -> {
                Map<TopicPartition, Long> committed = committedOffsets(admin);
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    if (committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                        String connector = stack.connectClient().notRunningReason(StackNames.CONNECTOR);
                        return "committed " + committed + (connector == null ? "" : "; connector not running: "
                                + connector.substring(0, Math.min(600, connector.length())));
                    }
                }
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException("waiting for the sink to catch up failed: " + e.getMessage(), e);
        }
    }

    static Map<TopicPartition, Long> committedOffsets(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + StackNames.CONNECTOR)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sink's committed offsets", e);
        }
    }

    static void await(String what, Supplier<String> probe) {
        await(what, probe, 50);
    }

    /** Polls every {@code intervalMillis}; short intervals for latency figures, where 50 ms would be the resolution. */
    static void await(String what, Supplier<String> probe, long intervalMillis) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String reason = "not checked";
        while (System.nanoTime() < deadline) {
            reason = probe.get();
            if (reason == null) {
                return;
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + ": " + reason);
    }

    static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
