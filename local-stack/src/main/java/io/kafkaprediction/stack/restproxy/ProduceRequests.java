package io.kafkaprediction.stack.restproxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Confluent v2 produce body ({@code {"records":[{"key":..,"value":..,"partition":..}]}})
 * in one of its embedded formats into the bytes that go to Kafka.
 */
final class ProduceRequests {
    static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";
    static final String RESPONSE_V2 = "application/vnd.kafka.v2+json";
    private static final Set<String> RECORD_FIELDS = Set.of("key", "value", "partition");
    private static final Set<String> BODY_FIELDS = Set.of("records", "key_schema", "key_schema_id",
            "value_schema", "value_schema_id");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    enum Format { JSON, BINARY }

    /** One record to send; {@code partition} is null to let the producer choose. */
    record Record(byte[] key, byte[] value, Integer partition) {
    }

    private ProduceRequests() {
    }

    /** The embedded format of a produce request's Content-Type, or a 415 error. */
    static Format format(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case JSON_V2 -> Format.JSON;
            case BINARY_V2 -> Format.BINARY;
            default -> throw new RestProxyException(415, RestProxyException.UNSUPPORTED_MEDIA_TYPE,
                    "HTTP 415 Unsupported Media Type: expected Content-Type " + JSON_V2 + " or " + BINARY_V2
                            + ", got " + (mediaType.isEmpty() ? "none" : mediaType));
        };
    }

    /** Response bodies are written here rather than by a JAX-RS provider: one mapper, no provider lookup. */
    static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response body", e);
        }
    }

    static List<Record> parse(byte[] body, Format format) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw RestProxyException.malformed("Request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RestProxyException.malformed("Request body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw RestProxyException.malformed("Request body must be a JSON object with a 'records' array");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BODY_FIELDS.contains(name)) {
                throw RestProxyException.malformed("Unrecognized field: " + name);
            }
        }
        JsonNode records = root.get("records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw RestProxyException.malformed("Field 'records' must be a non-empty array");
        }
        List<Record> result = new ArrayList<>(records.size());
        int index = 0;
        for (JsonNode record : records) {
            result.add(record(record, index++, format));
        }
        return result;
    }

    private static Record record(JsonNode record, int index, Format format) {
        if (!record.isObject()) {
            throw RestProxyException.malformed("records[" + index + "] must be a JSON object");
        }
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RECORD_FIELDS.contains(name)) {
                throw RestProxyException.malformed("Unrecognized field in records[" + index + "]: " + name);
            }
        }
        Integer partition = null;
        JsonNode partitionNode = record.get("partition");
        if (partitionNode != null && !partitionNode.isNull()) {
            if (!partitionNode.isInt()) {
                throw RestProxyException.malformed("records[" + index + "].partition must be an integer, got " + partitionNode);
            }
            partition = partitionNode.intValue();
            if (partition < 0) {
                throw new RestProxyException(422, RestProxyException.INVALID_PARTITION,
                        "records[" + index + "].partition must not be negative, got " + partition);
            }
        }
        return new Record(bytes(record.get("key"), index, "key", format),
                bytes(record.get("value"), index, "value", format), partition);
    }

    private static byte[] bytes(JsonNode node, int index, String field, Format format) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (format == Format.JSON) {
            try {
                return JSON.writeValueAsBytes(node);
            } catch (JsonProcessingException e) {
                throw RestProxyException.malformed("records[" + index + "]." + field + " cannot be serialised: " + e.getMessage());
            }
        }
        if (!node.isTextual()) {
            throw RestProxyException.malformed("records[" + index + "]." + field + " must be a base64 string in the binary format");
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw RestProxyException.malformed("records[" + index + "]." + field + " is not valid base64: " + e.getMessage());
        }
    }
}
