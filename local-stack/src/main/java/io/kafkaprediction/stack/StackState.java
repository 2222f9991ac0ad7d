package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code $STACK_HOME/stack.state}: the pids and addresses of a running stack, written by
 * {@code ./stack up} once it is ready and removed when it stops; read by {@code ./stack status}.
 * Children a killed stack left behind are found through {@link ChildRecords}, not through this file.
 */
final class StackState {
    static final String FILE = "stack.state";
    /** The database's JDBC URL, for the jar commands {@code ./stack} runs against the stack. */
    static final String JDBC_URL = "url.jdbc";

    private StackState() {
    }

    static void write(Path home, LocalStack stack) throws IOException {
        Properties state = new Properties();
        stack.pids().forEach((name, pid) -> state.setProperty("pid." + name, Long.toString(pid)));
        state.setProperty("url.postgresql", stack.postgresUrl());
        state.setProperty(JDBC_URL, stack.jdbcUrl());
        state.setProperty("url.kafka", stack.bootstrapServers());
        state.setProperty("url.connect", stack.connectUrl());
        state.setProperty("url.rest-proxy", stack.restProxyUrl());
        if (stack.config().scoringJar().isPresent()) {
            state.setProperty("url.scoring-service", stack.scoringUrl());
        }
        try (OutputStream out = Files.newOutputStream(home.resolve(FILE))) {
            state.store(out, "written by ./stack up; removed when it stops");
        }
    }

    /** The state of the last {@code up}; empty when there is none. */
    static Properties read(Path home) {
        Properties state = new Properties();
        Path file = home.resolve(FILE);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return state;
    }
}
