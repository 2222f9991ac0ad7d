package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/** {@code ./stack status}: each component's state and address, from the state file and a live check. */
final class StackStatus {
    private StackStatus() {
    }

    /** Prints the table; returns the exit code (0 all up, 3 not running, 1 something down). */
    static int print(Path home, PrintStream out) {
        Properties state = StackState.read(home);
        Optional<ProcessIdentity> stack = StackPidFile.live(home);
        if (stack.isEmpty()) {
            List<ChildRecords.Leftover> leftovers = ChildRecords.leftovers(home);
            if (!leftovers.isEmpty()) {
                out.println("The stack is not running, but processes it started are: "
                        + leftovers.stream().map(Object::toString).collect(Collectors.joining(", "))
                        + ". './stack down' stops them.");
                return 1;
            }
            out.println("The stack is not running (data folder " + StackPaths.display(home) + ").");
            return 3;
        }
        String pid = Long.toString(stack.get().pid());
        if (!pid.equals(state.getProperty("pid.stack"))) {
            // The state file is written once the stack is ready (or is a killed stack's).
            out.println("The stack is starting (pid " + pid + "); progress in "
                    + StackPaths.display(home.resolve("logs/console.log")) + ".");
            return 1;
        }
        Map<String, String> components = new LinkedHashMap<>();
        components.put("PostgreSQL", state.getProperty("url.postgresql"));
        components.put("Kafka", state.getProperty("url.kafka"));
        components.put("Kafka Connect", state.getProperty("url.connect"));
        components.put("REST Proxy", state.getProperty("url.rest-proxy"));
        if (state.getProperty("url.scoring-service") != null) {
            components.put("Scoring service", state.getProperty("url.scoring-service"));
        }
        out.printf("%-16s %-8s %s%n", "COMPONENT", "STATE", "ADDRESS");
        boolean allUp = true;
        for (Map.Entry<String, String> c : components.entrySet()) {
            boolean up = accepting(c.getValue());
            allUp &= up;
            out.printf("%-16s %-8s %s%n", c.getKey(), up ? "running" : "down", c.getValue());
        }
        out.println("stack pid " + pid + ", data folder " + StackPaths.display(home) + ", logs " + StackPaths.display(home.resolve("logs")));
        if (hasSecret(home, LocalStack.POSTGRES_PASSWORD_SECRET)) {
            // The embedded server asks for passwords; the URL stays password-free so it can be shown.
            out.println("PostgreSQL password: key " + LocalStack.POSTGRES_PASSWORD_SECRET + " in " + StackPaths.display(home.resolve(Secrets.FILE_NAME))
                    + ", e.g. PGPASSWORD=\"$(sed -n 's/^" + LocalStack.POSTGRES_PASSWORD_SECRET + "=//p' "
                    + StackPaths.display(home.resolve(Secrets.FILE_NAME)) + ")\" psql " + state.getProperty("url.postgresql"));
        }
        return allUp ? 0 : 1;
    }

    private static boolean hasSecret(Path home, String key) {
        Properties secrets = new Properties();
        try (var in = Files.newInputStream(home.resolve(Secrets.FILE_NAME))) {
            secrets.load(in);
            return secrets.getProperty(key) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepting(String address) {
        if (address == null) {
            return false;
        }
        String hostPort = address;
        if (address.contains("://")) {
            URI uri = URI.create(address);
            return Ports.accepting(uri.getHost(), uri.getPort());
        }
        int colon = hostPort.lastIndexOf(':');
        return Ports.accepting(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
