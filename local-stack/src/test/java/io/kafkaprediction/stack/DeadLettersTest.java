package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** {@code ./stack dlq} tells a sink failure (stage TASK_PUT) from bad input. */
class DeadLettersTest {

    @Test
    void flagsADeadLetterOfStageTaskPutAsASinkFailure() {
        String text = DeadLetters.describe(deadLetter("TASK_PUT", "ERROR: relation \"user_features\" does not exist"));

        assertThat(text).contains("stage:  TASK_PUT (sink failure: the write failed, the event may be valid)")
                .contains("reason: ERROR: relation \"user_features\" does not exist");
    }

    @Test
    void showsBadInputWithoutTheSinkFailureNote() {
        String text = DeadLetters.describe(deadLetter("TRANSFORMATION", "field 'value': expected a finite number, got string \"high\""));

        assertThat(text).contains("stage:  TRANSFORMATION\n").doesNotContain("sink failure");
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(String stage, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.STAGE_HEADER, stage.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        byte[] value = "{\"user_id\":\"u1\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"2026-01-20T15:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(StackNames.DLQ_TOPIC, 0, 7L, 1_768_921_200_000L, TimestampType.CREATE_TIME, -1, value.length,
                new byte[0], value, headers, Optional.empty());
    }
}
