package io.kafkaprediction.stack.restproxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What the REST Proxy API needs to know about topics (Kafka's Admin in the stack, a map in unit tests). */
public interface TopicCatalog {

    /** Non-internal topic names. */
    List<String> topics();

    /** The partition count, or empty if the topic does not exist. */
    OptionalInt partitionCount(String topic);

    /** Confluent's {@code GET /topics/{topic}} body (name, configs, partitions), or empty if unknown. */
    Optional<Map<String, Object>> describe(String topic);
}
