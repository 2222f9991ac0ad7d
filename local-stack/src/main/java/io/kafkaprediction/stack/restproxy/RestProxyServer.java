package io.kafkaprediction.stack.restproxy;

import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The REST Proxy API on Jetty + Jersey, producing with an idempotent {@code acks=all} producer.
 * Only the stack uses it; Compose users get Confluent's own REST Proxy.
 */
public final class RestProxyServer implements AutoCloseable {
    public static final int DEFAULT_MAX_BODY_BYTES = RestProxyLimits.DEFAULT_MAX_BODY_BYTES;

    // Jersey logs through java.util.logging to the console; its start-up notes (no JAXB for WADL) are noise here.
    private static final java.util.logging.Logger JERSEY_LOG = java.util.logging.Logger.getLogger("org.glassfish.jersey");

    static {
        JERSEY_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final Server server;
    private final ServerConnector connector;
    private final BufferedBody bodies;
    private final Producer<byte[], byte[]> producer;
    private final Admin admin;

    private RestProxyServer(Server server, ServerConnector connector, BufferedBody bodies, Producer<byte[], byte[]> producer,
                            Admin admin) {
        this.server = server;
        this.connector = connector;
        this.bodies = bodies;
        this.producer = producer;
        this.admin = admin;
    }

    /** Starts on {@code host:port} (0 = free port) against a Kafka cluster. */
    public static RestProxyServer start(String host, int port, String bootstrapServers) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "rest-proxy");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Admin admin = Admin.create(adminProps);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
        try {
            return start(host, port, producer, new AdminTopicCatalog(admin), RestProxyLimits.defaults(), admin);
        } catch (RuntimeException e) {
            producer.close();
            admin.close();
            throw e;
        }
    }

    /** Starts with a given producer and catalog (unit tests use Kafka's MockProducer). */
    public static RestProxyServer start(String host, int port, Producer<byte[], byte[]> producer, TopicCatalog catalog,
                                        int maxBodyBytes, AutoCloseable... alsoClose) {
        return start(host, port, producer, catalog, RestProxyLimits.withMaxBody(maxBodyBytes), alsoClose);
    }

    /** Starts with a given producer, catalog and limits. */
    public static RestProxyServer start(String host, int port, Producer<byte[], byte[]> producer, TopicCatalog catalog,
                                        RestProxyLimits limits, AutoCloseable... alsoClose) {
        int maxBodyBytes = limits.maxBodyBytes();
        ResourceConfig resources = new ResourceConfig()
                .registerInstances(new RestProxyResource(producer, catalog, maxBodyBytes, 30_000))
                .register(new ErrorMappers.RestProxyErrors())
                .register(new ErrorMappers.WebErrors())
                .register(new ErrorMappers.UnexpectedErrors())
                .register(new DrainRequestBody(maxBodyBytes));
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("rest-proxy");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new ServletContainer(resources)), "/*");
        BufferedBody bodies = new BufferedBody(limits, context);
        server.setHandler(bodies);
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("REST Proxy API did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Admin admin = alsoClose.length > 0 && alsoClose[0] instanceof Admin a ? a : null;
        return new RestProxyServer(server, connector, bodies, producer, admin);
    }

    /** Bytes of request bodies held right now, all requests together (bounded by the limits' budget). */
    public long bufferedBytes() {
        return bodies.bufferedBytes();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        return "http://" + connector.getHost() + ":" + port();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        producer.close(java.time.Duration.ofSeconds(2));
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
