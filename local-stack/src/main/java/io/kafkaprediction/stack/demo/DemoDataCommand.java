package io.kafkaprediction.stack.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kafkaprediction.stack.StackNames;

/**
 * {@code ./stack demo-data}: produces {@link DemoData}'s events through the REST Proxy (batches of
 * records keyed by user, the way an application would send them) and writes the labels CSV
 * ({@code user_id,timestamp,label}) to train on.
 */
public final class DemoDataCommand {
    public static final String USAGE = "usage: ./stack demo-data [--users 1000] [--days 7] [--seed 42] [--horizon 6h] "
            + "[--labels-per-user 5] [--output labels.csv]";
    private static final int BATCH = 500;
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]*)([smhd])");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI produce;
    private final PrintStream out;

    DemoDataCommand(String restProxyUrl, PrintStream out) {
        this.produce = URI.create(restProxyUrl + "/topics/" + StackNames.EVENTS_TOPIC);
        this.out = out;
    }

    /**
     * @param restProxyUrl the running stack's REST Proxy
     * @param end          the latest event time (now, from {@code ./stack})
     * @return the exit code: 0, 2 for bad options, 1 when producing or writing failed
     */
    public static int run(String restProxyUrl, String[] args, Instant end, PrintStream out, PrintStream err) {
        Options options;
        DemoData data;
        try {
            options = Options.parse(args);
            if (options == null) {
                out.println(USAGE);
                return 0;
            }
            data = new DemoData(new DemoData.Settings(options.users, options.days, options.seed, end,
                    options.horizon, options.labelsPerUser));
        } catch (IllegalArgumentException e) {
            err.println("demo-data: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            new DemoDataCommand(restProxyUrl, out).produceAndLabel(data, options.output);
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println("demo-data: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("demo-data: interrupted");
            return 1;
        }
    }

    void produceAndLabel(DemoData data, Path output) throws IOException, InterruptedException {
        DemoData.Settings settings = data.settings();
        Map<String, Integer> byType = new TreeMap<>();
        int events = 0;
        int labels = 0;
        int positives = 0;
        List<DemoData.Event> batch = new ArrayList<>(BATCH);
        // Written beside the target and renamed: a half-written labels file never looks finished.
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + output.getFileName(), ".tmp");
        try {
            try (BufferedWriter csv = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                // Ids, ISO instants and 0/1 need no CSV quoting.
                csv.write("user_id,timestamp,label\n");
                for (int i = 0; i < settings.users(); i++) {
                    DemoData.User user = data.user(i);
                    for (DemoData.Event e : user.events()) {
                        batch.add(e);
                        byType.merge(e.eventType(), 1, Integer::sum);
                        events++;
                        if (batch.size() == BATCH) {
                            send(batch);
                            batch.clear();
                        }
                    }
                    for (DemoData.Label label : user.labels()) {
                        csv.write(label.userId() + "," + label.timestamp() + "," + label.label() + "\n");
                        labels++;
                        positives += label.label();
                    }
                }
                if (!batch.isEmpty()) {
                    send(batch);
                }
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        out.println("produced " + events + " events " + byType + " for " + settings.users() + " users, "
                + settings.start() + " to " + settings.end() + ", through " + produce);
        out.printf("wrote %d labels (%d positive, %.1f %%: a purchase within %s after timestamp) to %s%n", labels,
                positives, 100.0 * positives / labels, text(settings.horizon()), output);
    }

    /** One REST Proxy request; every record must be acknowledged. */
    private void send(List<DemoData.Event> events) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        for (DemoData.Event e : events) {
            ObjectNode record = records.addObject();
            // Keyed by user: one user's events stay in one partition, in order.
            record.put("key", e.userId());
            ObjectNode value = record.putObject("value");
            value.put("user_id", e.userId());
            value.put("event_type", e.eventType());
            value.put("value", e.value());
            value.put("timestamp", e.timestamp().toString());
        }
        HttpRequest request = HttpRequest.newBuilder(produce)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/vnd.kafka.json.v2+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("the REST Proxy at " + produce + " did not answer: " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the REST Proxy answered " + response.statusCode() + ": " + response.body());
        }
        for (JsonNode offset : JSON.readTree(response.body()).path("offsets")) {
            if (!offset.path("error_code").isNull()) {
                throw new IllegalStateException("the REST Proxy did not store a record: " + offset);
            }
        }
    }

    private static String text(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    /** Parsed by hand: six valued options do not justify a parser dependency on the stack's classpath. */
    private static final class Options {
        int users = 1000;
        int days = 7;
        long seed = 42;
        Duration horizon = Duration.ofHours(6);
        int labelsPerUser = 5;
        Path output = Path.of("labels.csv");

        /** Null for --help. */
        static Options parse(String[] args) {
            Options o = new Options();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    return null;
                }
                if (!List.of("--users", "--days", "--seed", "--horizon", "--labels-per-user", "--output").contains(name)) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + name);
                }
                values.put(name, args[++i]);
            }
            values.forEach((name, value) -> {
                switch (name) {
                    case "--users" -> o.users = integer(name, value);
                    case "--days" -> o.days = integer(name, value);
                    case "--labels-per-user" -> o.labelsPerUser = integer(name, value);
                    case "--seed" -> {
                        try {
                            o.seed = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed must be an integer, got '" + value + "'");
                        }
                    }
                    case "--horizon" -> o.horizon = duration(value);
                    default -> o.output = Path.of(value);
                }
            });
            return o;
        }

        private static int integer(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
            }
        }

        private static Duration duration(String value) {
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw new IllegalArgumentException("--horizon must be a positive whole number and a unit s, m, h or d "
                        + "(e.g. 6h), got '" + value + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
