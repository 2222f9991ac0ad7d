package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;

import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Two versions of our SMT plugin side by side on one worker; the connector moves
 * to the other version and back with a config PUT (KIP-891 {@code transforms.<alias>.plugin.version})
 * and no worker restart. Which version each running task instantiated is read from the worker's
 * own {@code transform-version} metric (over JMX, attached to the worker process).
 */
@ExtendWith(SystemStack.class)
class PluginVersionSwapIT {
    private static final String VALIDATE = "io.kafkaprediction.transforms.ValidateFeatureEvent";
    private static final String TO_ROW = "io.kafkaprediction.transforms.ToUserFeature";
    @Test
    void workerListsBothVersionsOfEachTransform() {
        JsonNode plugins = SystemStack.stack().connectClient().get("/connector-plugins?connectorsOnly=false").ok();

        Map<String, java.util.Set<String>> versions = new HashMap<>();
        for (JsonNode plugin : plugins) {
            versions.computeIfAbsent(plugin.get("class").asText(), c -> new java.util.TreeSet<>()).add(plugin.get("version").asText());
        }
        assertThat(versions.get(VALIDATE)).containsExactlyInAnyOrder(SystemStack.firstPluginVersion(), SystemStack.secondPluginVersion());
        assertThat(versions.get(TO_ROW)).containsExactlyInAnyOrder(SystemStack.firstPluginVersion(), SystemStack.secondPluginVersion());
    }

    @Test
    void connectorMovesToTheOtherVersionAndBackWithoutAWorkerRestart() throws Exception {
        long workerPid = SystemStack.stack().worker().pid();
        awaitTransformVersions(workerPid, SystemStack.firstPluginVersion());

        useVersion(SystemStack.secondPluginVersion());
        awaitTransformVersions(workerPid, SystemStack.secondPluginVersion());
        String user = "version-swap-" + UUID.randomUUID();
        SystemStack.pipeline().produceJson("{\"user_id\":\"" + user + "\",\"event_type\":\"click\",\"value\":2,\"timestamp\":\"2026-01-20T15:00:00Z\"}");
        assertThat(SystemStack.pipeline().awaitRows(user, 1)).hasSize(1);

        useVersion(SystemStack.firstPluginVersion());
        awaitTransformVersions(workerPid, SystemStack.firstPluginVersion());
        SystemStack.pipeline().produceJson("{\"user_id\":\"" + user + "\",\"event_type\":\"view\",\"value\":3,\"timestamp\":\"2026-01-20T15:00:00Z\"}");
        assertThat(SystemStack.pipeline().awaitRows(user, 2)).hasSize(2);

        assertThat(SystemStack.stack().worker().pid()).as("the same worker process throughout").isEqualTo(workerPid);
    }

    /** The stack's connector config (file + stack defaults) with both transforms pinned; a PUT, then RUNNING. */
    private static void useVersion(String version) {
        SystemStack.stack().registerConnector(Map.of(
                "transforms.validate.plugin.version", version,
                "transforms.toRow.plugin.version", version));
    }

    /** Waits until every task's every transform reports {@code version} in its metric. */
    private static void awaitTransformVersions(long workerPid, String version) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(workerPid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName pattern = new ObjectName("kafka.connect:type=connector-transform-metrics,connector=" + StackNames.CONNECTOR + ",*");
            Pipeline.await("transforms of " + StackNames.CONNECTOR + " at version " + version, () -> {
                Map<String, Object> found = new HashMap<>();
                try {
                    for (ObjectName name : server.queryNames(pattern, null)) {
                        found.put(name.getKeyProperty("task") + "/" + name.getKeyProperty("transform"),
                                server.getAttribute(name, "transform-version"));
                    }
                } catch (Exception e) {
                    return e.toString();
                }
                boolean all = !found.isEmpty() && found.values().stream().allMatch(version::equals)
                        && found.keySet().stream().anyMatch(k -> k.endsWith("/validate"))
                        && found.keySet().stream().anyMatch(k -> k.endsWith("/toRow"));
                return all ? null : "metrics say " + found;
            });
        }
    }
}
