package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.DeadLetters;
import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.systemtests.SystemStack;

/** {@code ./stack dlq}: a rejected event shows up with the reason Connect recorded. */
@ExtendWith(SystemStack.class)
class DeadLettersCommandIT {

    @Test
    void printsTheLatestRejectedEventsWithTheirReasons() throws Exception {
        LocalStack stack = SystemStack.stack();
        String older = "dlq-command-" + UUID.randomUUID();
        String newer = "dlq-command-" + UUID.randomUUID();
        produce(stack, older, "{\"user_id\":\"" + older + "\",\"event_type\":\"click\",\"value\":\"high\",\"timestamp\":\"2026-01-20T15:00:00Z\"}");
        produce(stack, newer, "{\"user_id\":\"" + newer + "\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"yesterday\"}");

        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(print(stack, 1000)).contains(older, newer)
                        .contains("reason: field 'value': expected a finite number, got string \"high\"")
                        .contains("stage:  TRANSFORMATION"));

        // The dead-letter topic has one partition: the last entry is the newer event alone.
        String last = print(stack, 1);
        assertThat(last).contains(newer, "reason: field 'timestamp': ").doesNotContain(older);
        assertThat(last.lines().filter(l -> l.startsWith(StackNames.DLQ_TOPIC + "-"))).hasSize(1);
    }

    private static void produce(LocalStack stack, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(StackNames.EVENTS_TOPIC, key, value)).get();
        }
    }

    private static String print(LocalStack stack, int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DeadLetters.print(stack.bootstrapServers(), count, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
