package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackConfig;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.postgres.PostgresServer;
import io.kafkaprediction.systemtests.StackFiles;

/**
 * A stack whose Connect worker was SIGKILLed is started again on the same data folder. Its tasks
 * are RUNNING at once, but the consumer group still holds the dead worker's members until their
 * session times out; the stack must not report ready (start() return) before the group settled,
 * so that an event produced right after READY lands. (Full-stack test: belongs with the system tests.)
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
class UncleanRestartReadyIT {

    @Test
    void readyAfterAnUncleanRestartMeansTheSinkGroupSettledAndEventsLand() throws Exception {
        Path dataDir = Files.createTempDirectory("unclean-restart-");
        StackConfig config = StackConfig.builder(dataDir, path("stack.pluginPath"), path("stack.connectConfigs")).build();
        LocalStack first = new LocalStack(config).start();
        first.workers().get(0).kill(); // its consumers never leave the group
        first.close();

        LocalStack second = new LocalStack(config).start();
        try {
            ConsumerGroupDescription group = describeSinkGroup(second);
            int tasks = second.connectClient().status(StackNames.CONNECTOR).ok().path("tasks").size();
            assertThat(group.groupState()).as("sink group at READY: %s", group).isEqualTo(GroupState.STABLE);
            assertThat(group.members()).as("sink group members at READY").hasSize(tasks);

            String user = "unclean-" + UUID.randomUUID();
            produce(second, "{\"user_id\":\"" + user + "\",\"event_type\":\"click\",\"value\":1,"
                    + "\"timestamp\":\"2026-01-20T15:00:00Z\"}");
            // Bounded, not timed: before the fix this waited out the dead members' session (45 s, here up to 10 s + rebalance).
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> rows(second, user) == 1);
        } finally {
            second.close();
            StackFiles.deleteTree(dataDir);
        }
    }

    private static ConsumerGroupDescription describeSinkGroup(LocalStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            String id = "connect-" + StackNames.CONNECTOR;
            return admin.describeConsumerGroups(List.of(id)).all().get(10, TimeUnit.SECONDS).get(id);
        }
    }

    private static void produce(LocalStack stack, String json) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(StackNames.EVENTS_TOPIC, json.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }

    private static int rows(LocalStack stack, String user) throws Exception {
        try (Connection db = stack.postgres().connect(PostgresServer.DATABASE);
             PreparedStatement select = db.prepareStatement("SELECT count(*) FROM user_features WHERE user_id = ?")) {
            select.setString(1, user);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run through failsafe");
        }
        return Path.of(value);
    }
}
