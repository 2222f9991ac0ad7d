package io.kafkaprediction.stack.restproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic metadata from Kafka's Admin; partition counts cached briefly, as every produce request needs one. */
public final class AdminTopicCatalog implements TopicCatalog {
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Admin admin;
    private final Map<String, long[]> partitionCounts = new ConcurrentHashMap<>(); // {count, expiresAt}

    public AdminTopicCatalog(Admin admin) {
        this.admin = admin;
    }

    @Override
    public List<String> topics() {
        List<String> names = new ArrayList<>(call(admin.listTopics().names()));
        names.sort(null);
        return names;
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        long[] cached = partitionCounts.get(topic);
        if (cached != null && cached[1] > System.nanoTime()) {
            return OptionalInt.of((int) cached[0]);
        }
        Optional<TopicDescription> description = description(topic);
        if (description.isEmpty()) {
            partitionCounts.remove(topic);
            return OptionalInt.empty();
        }
        int count = description.get().partitions().size();
        partitionCounts.put(topic, new long[] {count, System.nanoTime() + CACHE_NANOS});
        return OptionalInt.of(count);
    }

    @Override
    public Optional<Map<String, Object>> describe(String topic) {
        Optional<TopicDescription> description = description(topic);
        if (description.isEmpty()) {
            return Optional.empty();
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = call(admin.describeConfigs(List.of(resource)).all()).get(resource);
        Map<String, Object> configs = new LinkedHashMap<>();
        for (ConfigEntry entry : config.entries()) {
            configs.put(entry.name(), entry.value());
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (TopicPartitionInfo partition : description.get().partitions()) {
            List<Map<String, Object>> replicas = new ArrayList<>();
            for (Node replica : partition.replicas()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("broker", replica.id());
                r.put("leader", partition.leader() != null && partition.leader().id() == replica.id());
                r.put("in_sync", partition.isr().contains(replica));
                replicas.add(r);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("partition", partition.partition());
            p.put("leader", partition.leader() == null ? -1 : partition.leader().id());
            p.put("replicas", replicas);
            partitions.add(p);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", topic);
        body.put("configs", configs);
        body.put("partitions", partitions);
        return Optional.of(body);
    }

    private Optional<TopicDescription> description(String topic) {
        return call(admin.describeTopics(List.of(topic)).allTopicNames(), UnknownTopicOrPartitionException.class)
                .map(descriptions -> descriptions.get(topic));
    }

    private static <T> T call(KafkaFuture<T> future) {
        return call(future, null).orElse(null);
    }

    /** The future's value; empty when it failed with {@code absent} (a describe of a topic that does not exist). */
    private static <T> Optional<T> call(KafkaFuture<T> future, Class<? extends Throwable> absent) {
        try {
            return Optional.ofNullable(future.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (absent != null && absent.isInstance(e.getCause())) {
                return Optional.empty();
            }
            throw new RestProxyException(500, RestProxyException.KAFKA_ERROR, "Kafka error: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new RestProxyException(500, RestProxyException.KAFKA_ERROR, "Kafka did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestProxyException(500, RestProxyException.KAFKA_ERROR, "interrupted");
        }
    }
}
