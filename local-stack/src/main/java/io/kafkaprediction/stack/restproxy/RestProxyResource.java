package io.kafkaprediction.stack.restproxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.internals.Topic;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The producer part of Confluent's REST Proxy v2 API: {@code POST /topics/{topic}},
 * {@code POST /topics/{topic}/partitions/{partition}}, {@code GET /topics}, {@code GET /topics/{topic}}.
 * Bodies and error codes follow Confluent's, so clients written for it work unchanged.
 */
@Path("/topics")
public final class RestProxyResource {
    /** Per-record error codes of Confluent's produce response. */
    static final int RECORD_NON_RETRIABLE = 1;
    static final int RECORD_RETRIABLE = 2;

    private final Producer<byte[], byte[]> producer;
    private final TopicCatalog catalog;
    private final int maxBodyBytes;
    private final long sendTimeoutMs;

    public RestProxyResource(Producer<byte[], byte[]> producer, TopicCatalog catalog, int maxBodyBytes, long sendTimeoutMs) {
        this.producer = producer;
        this.catalog = catalog;
        this.maxBodyBytes = maxBodyBytes;
        this.sendTimeoutMs = sendTimeoutMs;
    }

    @GET
    public Response topics() {
        return ok(catalog.topics());
    }

    @GET
    @Path("/{topic}")
    public Response topic(@PathParam("topic") String topic) {
        requireValidName(topic);
        return ok(catalog.describe(topic).orElseThrow(() -> RestProxyException.topicNotFound(topic)));
    }

    @POST
    @Path("/{topic}")
    public Response produce(@PathParam("topic") String topic, @HeaderParam("Content-Type") String contentType,
                            InputStream body) {
        return produce(topic, null, contentType, body);
    }

    @POST
    @Path("/{topic}/partitions/{partition}")
    public Response produceToPartition(@PathParam("topic") String topic, @PathParam("partition") String partition,
                                       @HeaderParam("Content-Type") String contentType, InputStream body) {
        int p;
        try {
            p = Integer.parseInt(partition);
        } catch (NumberFormatException e) {
            throw new RestProxyException(404, RestProxyException.PARTITION_NOT_FOUND, "Partition " + partition + " not found.");
        }
        if (p < 0) {
            // Confluent answers a path partition that cannot exist as not found (a body's negative partition is 42202).
            throw new RestProxyException(404, RestProxyException.PARTITION_NOT_FOUND, "Partition " + partition + " not found.");
        }
        return produce(topic, p, contentType, body);
    }

    private Response produce(String topic, Integer pathPartition, String contentType, InputStream body) {
        ProduceRequests.Format format = ProduceRequests.format(contentType);
        List<ProduceRequests.Record> records = ProduceRequests.parse(read(body), format);
        requireValidName(topic);
        OptionalInt partitions = catalog.partitionCount(topic);
        if (partitions.isEmpty()) {
            throw RestProxyException.topicNotFound(topic);
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        for (ProduceRequests.Record record : records) {
            Integer partition = pathPartition != null ? pathPartition : record.partition();
            if (partition != null && partition >= partitions.getAsInt()) {
                throw new RestProxyException(404, RestProxyException.PARTITION_NOT_FOUND, "Partition " + partition
                        + " of topic " + topic + " not found (the topic has " + partitions.getAsInt() + ").");
            }
        }
        for (ProduceRequests.Record record : records) {
            Integer partition = pathPartition != null ? pathPartition : record.partition();
            try {
                sends.add(producer.send(new ProducerRecord<>(topic, partition, record.key(), record.value())));
            } catch (RuntimeException e) {
                // send() may fail at once (serialisation, metadata timeout): report it per record, like a failed future.
                sends.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        List<Map<String, Object>> offsets = new ArrayList<>(sends.size());
        for (Future<RecordMetadata> send : sends) {
            offsets.add(offset(send));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("offsets", offsets);
        response.put("key_schema_id", null);
        response.put("value_schema_id", null);
        return ok(response);
    }

    /** A name Kafka rejects (non-ASCII, too long, '..') names no topic: 404 40401, like any unknown topic. */
    private static void requireValidName(String topic) {
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw RestProxyException.topicNotFound(topic);
        }
    }

    private Map<String, Object> offset(Future<RecordMetadata> send) {
        Map<String, Object> entry = new LinkedHashMap<>();
        try {
            RecordMetadata metadata = send.get(sendTimeoutMs, TimeUnit.MILLISECONDS);
            entry.put("partition", metadata.partition());
            entry.put("offset", metadata.offset());
            entry.put("error_code", null);
            entry.put("error", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            entry.put("partition", null);
            entry.put("offset", null);
            entry.put("error_code", cause instanceof RetriableException ? RECORD_RETRIABLE : RECORD_NON_RETRIABLE);
            entry.put("error", cause.getMessage());
        } catch (TimeoutException e) {
            entry.put("partition", null);
            entry.put("offset", null);
            entry.put("error_code", RECORD_RETRIABLE);
            entry.put("error", "no acknowledgement from Kafka within " + sendTimeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestProxyException(500, RestProxyException.KAFKA_ERROR, "interrupted while producing");
        }
        return entry;
    }

    private byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new RestProxyException(413, RestProxyException.BODY_TOO_LARGE,
                        "Request body larger than " + maxBodyBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw RestProxyException.malformed("Request body cannot be read: " + e.getMessage());
        }
    }

    private static Response ok(Object entity) {
        return Response.ok(ProduceRequests.json(entity), ProduceRequests.RESPONSE_V2).build();
    }
}
