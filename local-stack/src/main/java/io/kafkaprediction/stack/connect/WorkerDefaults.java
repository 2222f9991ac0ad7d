package io.kafkaprediction.stack.connect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stack worker's properties: single-node defaults under the caller's overrides. */
public final class WorkerDefaults {
    private WorkerDefaults() {
    }

    /** {@code overrides} win; everything else gets the stack's default. */
    public static Map<String, String> apply(Map<String, String> overrides, String bootstrapServers, String groupId,
                                            String host, int restPort, Path pluginPath) {
        Map<String, String> props = new LinkedHashMap<>(overrides);
        props.putIfAbsent("bootstrap.servers", bootstrapServers);
        props.putIfAbsent("group.id", groupId);
        props.putIfAbsent("config.storage.topic", "connect-configs");
        props.putIfAbsent("offset.storage.topic", "connect-offsets");
        props.putIfAbsent("status.storage.topic", "connect-status");
        props.putIfAbsent("config.storage.replication.factor", "1");
        props.putIfAbsent("offset.storage.replication.factor", "1");
        props.putIfAbsent("status.storage.replication.factor", "1");
        props.putIfAbsent("offset.storage.partitions", "5");
        props.putIfAbsent("status.storage.partitions", "1");
        props.putIfAbsent("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.putIfAbsent("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.putIfAbsent("value.converter.schemas.enable", "false");
        props.putIfAbsent("listeners", "http://" + host + ":" + restPort);
        props.putIfAbsent("rest.advertised.host.name", host);
        props.putIfAbsent("rest.advertised.port", Integer.toString(restPort));
        props.putIfAbsent("plugin.path", pluginPath.toAbsolutePath().toString());
        // Every plugin here ships ServiceLoader manifests: no class scan (1.4 s instead of ~5 s start).
        props.putIfAbsent("plugin.discovery", "service_load");
        props.putIfAbsent("config.providers", "env");
        props.putIfAbsent("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        // Connector configs may read the sink's database settings from the environment, nothing else.
        props.putIfAbsent("config.providers.env.param.allowlist.pattern", "^FEATURE_DB_(URL|USER|PASSWORD)$");
        props.putIfAbsent("offset.flush.interval.ms", "2000");
        // A SIGKILLed worker's tasks run elsewhere within ~10 s (RELIABILITY.md, "Recovery after a killed
        // Connect worker"): the group notices the dead worker after 6 s, the broker's minimum session,
        // instead of 10, and gives its tasks away at once instead of waiting for it to come back.
        props.putIfAbsent("session.timeout.ms", "6000");
        props.putIfAbsent("heartbeat.interval.ms", "2000");
        props.putIfAbsent("scheduled.rebalance.max.delay.ms", "0");
        return props;
    }
}
