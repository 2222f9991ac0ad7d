package io.kafkaprediction.stack.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.kafkaprediction.stack.ChildJvm;

/**
 * One Kafka Connect worker in distributed mode, in its own JVM (same classpath as this one, main
 * {@link WorkerMain}): its {@code ${env:...}} secrets come from real environment variables, it can
 * run in another time zone, and it can be killed on its own. Several workers with the same
 * {@code group.id} form one Connect cluster. Ready once it has joined its group and serves REST.
 */
public final class ConnectWorker extends ChildJvm {
    private final String name;
    private final int restPort;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path workDir;
    private final ConnectClient client;

    /**
     * @param properties worker properties (complete: the caller applies defaults)
     * @param environment extra environment variables (the connector's secrets)
     */
    public ConnectWorker(String name, int restPort, Map<String, String> properties, Map<String, String> environment,
                         List<String> jvmOptions, Path workDir, Path logFile) {
        super("Connect worker " + name, logFile, Duration.ofSeconds(8));
        this.name = name;
        this.restPort = restPort;
        this.properties = new LinkedHashMap<>(properties);
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.workDir = workDir;
        this.client = new ConnectClient(url());
    }

    public String name() {
        return name;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + restPort;
    }

    @Override
    protected List<String> command() throws IOException {
        Path propertiesFile = workDir.resolve(name + ".properties");
        Files.createDirectories(workDir);
        Properties props = new Properties();
        props.putAll(properties);
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            props.store(out, "Connect worker " + name + ", written by the local stack");
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xms128m");
        command.add("-Xmx1g");
        command.add("-Dlog4j2.configurationFile=log4j2-worker.properties");
        command.add("-Dstack.logFile=" + logFile());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WorkerMain.class.getName());
        command.add(propertiesFile.toString());
        return command;
    }

    @Override
    protected Map<String, String> environment() {
        return environment;
    }

    @Override
    protected String readiness() {
        return client.readiness();
    }
}
