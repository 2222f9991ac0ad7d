package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class FeatureEventsTest {

    @Test
    void featureIdMatchesPythonUuid5OfTheNaturalKey() {
        // python3: uuid.uuid5(uuid.UUID("0587c5de-a8dd-5fc4-a30c-000e29e4f28e"), "user2\nclick\n1768921200000")
        assertThat(FeatureEvents.featureId("user2", "click", 1_768_921_200_000L))
                .isEqualTo("8b2538d2-bcbb-5793-9d94-f35402281031");
    }

    @Test
    void eventIsTheJsonTheProducersSend() throws Exception {
        FeatureEvents events = new FeatureEvents(10, FeatureEvents.BASE_EPOCH_MILLIS);
        String json = new String(events.json(12), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"user_id\": \"user2\", \"event_type\": \"view\", \"value\": 50.28, "
                + "\"timestamp\": \"2026-01-20T15:00:00.012Z\"}");
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.get("value").isNumber()).isTrue();
    }

    @Test
    void naturalKeysAreUniqueAndCoverUsersAndAllThreeEventTypes() {
        FeatureEvents events = new FeatureEvents(7, FeatureEvents.BASE_EPOCH_MILLIS);
        Set<String> keys = new HashSet<>();
        Set<String> users = new HashSet<>();
        Set<String> types = new HashSet<>();
        for (long i = 0; i < 10_000; i++) {
            keys.add(events.userId(i) + "|" + events.eventType(i) + "|" + events.epochMillis(i));
            users.add(events.userId(i));
            types.add(events.eventType(i));
        }
        assertThat(keys).hasSize(10_000);
        assertThat(users).hasSize(7);
        assertThat(types).containsExactlyInAnyOrder("click", "view", "purchase");
    }

    @Test
    void copyRowHasTheSameValuesAsTheEvent() {
        FeatureEvents events = new FeatureEvents(10, FeatureEvents.BASE_EPOCH_MILLIS);
        StringBuilder row = new StringBuilder();
        events.appendCopyRow(12, row);

        assertThat(row).hasToString(events.featureId(12) + "\tuser2\tview\t50.28\t2026-01-20T15:00:00.012Z\n");
    }
}
