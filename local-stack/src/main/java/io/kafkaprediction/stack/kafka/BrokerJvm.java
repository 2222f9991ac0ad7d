package io.kafkaprediction.stack.kafka;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;

import io.kafkaprediction.stack.ChildJvm;

/** The broker's own JVM ({@link BrokerMain}), so that a fault test can SIGKILL it. Ready when it answers the Admin API. */
final class BrokerJvm extends ChildJvm {
    private final KafkaBroker broker;
    private final Path logDir;

    BrokerJvm(KafkaBroker broker, Path logDir, Path logFile) {
        // A controlled shutdown of one node with nothing to hand over: a few seconds.
        super("Kafka broker", logFile, Duration.ofSeconds(30));
        this.broker = broker;
        this.logDir = logDir;
    }

    @Override
    protected List<String> command() {
        return List.of(java(), "-Xms128m", "-Xmx512m",
                "-Dlog4j2.configurationFile=log4j2-worker.properties", "-Dstack.logFile=" + logFile(),
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), logDir.toString(), Integer.toString(broker.port()));
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of();
    }

    @Override
    protected String readiness() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), 500);
        } catch (java.io.IOException e) {
            return "port " + broker.port() + " not open yet";
        }
        try (Admin admin = broker.admin()) {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            admin.listTopics().names().get(5, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return "broker not answering yet: " + e;
        }
    }

    @Override
    public String url() {
        return broker.bootstrapServers();
    }
}
