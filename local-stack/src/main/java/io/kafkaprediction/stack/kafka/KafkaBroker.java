package io.kafkaprediction.stack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single Kafka node in KRaft combined mode (broker and controller), in this JVM or, for fault
 * tests that SIGKILL it, in its own ({@link #ownJvm}). The log folder is formatted once and kept,
 * so topics and Connect's internal state survive restarts.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final int port;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private BrokerJvm jvm;

    public KafkaBroker(Path logDir, int port, Map<String, String> overrides) {
        this.logDir = logDir;
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    /** The same node run by {@link BrokerMain} in a child JVM, its output in {@code logFile}: it can be {@link #kill()}ed. */
    public static KafkaBroker ownJvm(Path logDir, int port, Path logFile) {
        KafkaBroker broker = new KafkaBroker(logDir, port, Map.of());
        broker.jvm = new BrokerJvm(broker, logDir, logFile);
        return broker;
    }

    /** SIGKILL of the broker's own JVM: no controlled shutdown, its page cache is all that was written. */
    public synchronized void kill() {
        if (jvm == null) {
            throw new IllegalStateException("the broker runs in this JVM: only a broker started with ownJvm can be killed");
        }
        jvm.kill();
    }

    /** The pid of the broker's JVM (this one's when it runs in-process). */
    public synchronized long pid() {
        return jvm != null ? jvm.pid() : ProcessHandle.current().pid();
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start(Duration timeout) {
        if (jvm != null) {
            jvm.start(timeout);
            return;
        }
        if (server != null) {
            return;
        }
        // The controller listener only serves this node, so any free port will do on each start.
        int controllerPort = io.kafkaprediction.stack.Ports.free();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        format();
        KafkaRaftServer raft = new KafkaRaftServer(config, Time.SYSTEM);
        raft.startup();
        server = raft;
        awaitReady(timeout);
    }

    private void format() {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log folder " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("formatting Kafka storage in " + logDir + " failed: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                io.kafkaprediction.stack.StartAbandon.check();
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    admin.listTopics().names().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not answer within "
                + timeout.toSeconds() + " s: " + last);
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic creation did not finish within 30 s", e);
        }
    }

    public synchronized boolean isRunning() {
        return jvm != null ? jvm.isAlive() : server != null;
    }

    /** Controlled shutdown; {@link #start(Duration)} brings the same node back with its data. */
    public synchronized void stop() {
        if (jvm != null) {
            jvm.close();
            return;
        }
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                server = null;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
