package io.kafkaprediction.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.restproxy.RestProxyProcess;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * The REST Proxy API runs in a JVM of its own with its own heap: killing it leaves the broker (in
 * the stack's JVM) serving, and it comes back on the same port.
 */
@ExtendWith(SystemStack.class)
// The reliability execution runs every class -Dit.test names; this one belongs to the e2e run only.
@DisabledIfSystemProperty(named = "stack.reliability", matches = "true")
class RestProxyIsolationIT {
    private static final String TOPIC = "rest-proxy-isolation";

    @Test
    void theProxyIsItsOwnProcessWithItsOwnHeapAndItsDeathLeavesTheBrokerServing() throws Exception {
        LocalStack stack = SystemStack.stack();
        RestProxyProcess proxy = stack.restProxy();
        long pid = proxy.pid();
        assertThat(pid).as("REST Proxy pid").isNotEqualTo(ProcessHandle.current().pid());
        // /proc itself: ProcessHandle.info().arguments() came back empty for this child here.
        List<String> command = List.of(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + pid + "/cmdline")),
                java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        assertThat(command).contains("-Xmx" + RestProxyProcess.HEAP, "-XX:+ExitOnOutOfMemoryError",
                "io.kafkaprediction.stack.restproxy.RestProxyMain");
        assertThat(stack.pids()).containsEntry("rest-proxy", pid);

        proxy.kill();
        try {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("killed proxy alive").isFalse();
            RecordMetadata sent = sendDirectly(stack);
            assertThat(sent.offset()).as("offset of a record sent to the broker while the proxy is dead").isNotNegative();
        } finally {
            proxy.start(Duration.ofSeconds(90));
        }

        var produced = SystemStack.pipeline().postToRestProxy(StackNames.EVENTS_TOPIC, Pipeline.JSON_V2,
                "{\"records\":[{\"value\":{\"user_id\":\"isolation\",\"event_type\":\"click\",\"value\":1,"
                        + "\"timestamp\":\"2026-01-20T15:00:00Z\"}}]}");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        assertThat(stack.restProxy().pid()).isNotEqualTo(pid);
    }

    private static RecordMetadata sendDirectly(LocalStack stack) throws Exception {
        stack.kafka().createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // A topic of its own: the sink's and the dead-letter topic's readers never see this record.
            return producer.send(new ProducerRecord<>(TOPIC, "isolation", "sent while the proxy is dead"))
                    .get(60, TimeUnit.SECONDS);
        }
    }
}
