package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.connect.ConnectClient;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * The same event produced three times, then the connector's offsets rewound
 * (KIP-875: stop, alter offsets, resume) and the records replayed: still exactly one row, with its
 * first arrived_at.
 */
@ExtendWith(SystemStack.class)
class IdempotencyIT {
    @Test
    void theSameEventProducedThriceAndReplayedLeavesExactlyOneRow() {
        String user = "idempotent-" + UUID.randomUUID();
        String event = "{\"user_id\":\"" + user + "\",\"event_type\":\"view\",\"value\":7.25,\"timestamp\":\"2026-01-20T15:00:00.123+02:00\"}";
        JsonNode first = null;
        for (int i = 0; i < 3; i++) {
            JsonNode offset = SystemStack.pipeline().produceJson(event);
            first = first == null ? offset : first;
        }
        SystemStack.pipeline().awaitRows(user, 1);
        SystemStack.pipeline().awaitSinkCaughtUp();
        List<Pipeline.Row> afterThree = SystemStack.pipeline().rows(user);
        assertThat(afterThree).hasSize(1);
        assertThat(afterThree.get(0).timestamp()).isEqualTo(Instant.parse("2026-01-20T13:00:00.123Z"));
        List<Instant> firstArrival = SystemStack.pipeline().arrivals(user);

        int partition = first.get("partition").asInt();
        long rewindTo = first.get("offset").asLong();
        ConnectClient connect = SystemStack.stack().connectClient();
        String path = "/connectors/" + StackNames.CONNECTOR;
        connect.put(path + "/stop", null).ok();
        Pipeline.await("connector STOPPED", () -> {
            String state = connect.status(StackNames.CONNECTOR).body().path("connector").path("state").asText();
            return "STOPPED".equals(state) ? null : state;
        });
        try {
            connect.patch(path + "/offsets", Map.of("offsets", List.of(Map.of(
                    "partition", Map.of("kafka_topic", StackNames.EVENTS_TOPIC, "kafka_partition", partition),
                    "offset", Map.of("kafka_offset", rewindTo))))).ok();
            try (Admin admin = SystemStack.stack().kafka().admin()) {
                assertThat(Pipeline.committedOffsets(admin))
                        .containsEntry(new TopicPartition(StackNames.EVENTS_TOPIC, partition), rewindTo);
            }
        } finally {
            connect.put(path + "/resume", null).ok();
        }
        SystemStack.stack().awaitConnectorRunning();
        SystemStack.pipeline().awaitSinkCaughtUp();

        List<Pipeline.Row> afterReplay = SystemStack.pipeline().rows(user);
        assertThat(afterReplay).containsExactlyElementsOf(afterThree);
        // The replay upserted the row again seconds later; it still carries its first arrival.
        assertThat(SystemStack.pipeline().arrivals(user)).containsExactlyElementsOf(firstArrival);
    }
}
