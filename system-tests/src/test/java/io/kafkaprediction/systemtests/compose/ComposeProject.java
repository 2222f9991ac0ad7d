package io.kafkaprediction.systemtests.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Read-only view of docker-compose.yml, .env.example and the Dockerfiles the compose file builds,
 * for {@link DockerComposeFileTest}. Nothing here needs a Docker engine.
 */
final class ComposeProject {

    /** ${VAR}, ${VAR:-default}, ${VAR:?error}; $${...} is an escaped dollar for the container. */
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*}");

    record Build(String service, Path context, Path dockerfile) {
    }

    private final Path root;
    private final Map<String, Object> compose;
    private final Map<String, Map<String, Object>> services = new LinkedHashMap<>();

    private ComposeProject(Path root) {
        this.root = root;
        this.compose = yaml(root.resolve("docker-compose.yml"));
        map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
    }

    /** The checkout holding docker-compose.yml; {@code -Dcompose.root=DIR} points at another copy. */
    static ComposeProject find() {
        String override = System.getProperty("compose.root");
        if (override != null) {
            return new ComposeProject(Path.of(override).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new ComposeProject(dir);
            }
        }
        throw new IllegalStateException("no docker-compose.yml next to a pom.xml above " + Path.of("").toAbsolutePath());
    }

    Path root() {
        return root;
    }

    Path file(String relative) {
        return root.resolve(relative).normalize();
    }

    Map<String, Map<String, Object>> services() {
        return services;
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services.get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name + "; it has " + services.keySet());
        }
        return service;
    }

    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** A service's environment as compose sets it when .env holds the values of .env.example. */
    Map<String, String> environmentWithEnvExample(String service) {
        Map<String, String> values = envExample();
        Map<String, String> env = new LinkedHashMap<>();
        environment(service).forEach((key, value) -> env.put(key, COMPOSE_VARIABLE.matcher(value)
                .replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")))));
        return env;
    }

    List<String> strings(String service, String key) {
        return list(service(service).get(key)).stream().map(String::valueOf).toList();
    }

    List<Build> builds() {
        List<Build> builds = new ArrayList<>();
        services.forEach((name, service) -> {
            if (service.containsKey("build")) {
                Object build = service.get("build");
                Map<String, Object> spec = build instanceof String s ? Map.of("context", s) : map(build);
                Path context = file(String.valueOf(spec.get("context")));
                builds.add(new Build(name, context, context.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile")))));
            }
        });
        return builds;
    }

    Path dockerfileOf(String service) {
        return builds().stream().filter(b -> b.service().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " is not built from a Dockerfile"))
                .dockerfile();
    }

    /** A health check in the compose file, or a HEALTHCHECK in the Dockerfile it builds. */
    boolean hasHealthCheck(String name) {
        Map<String, Object> service = service(name);
        if (service.containsKey("healthcheck")) {
            return !Boolean.TRUE.equals(map(service.get("healthcheck")).get("disable"));
        }
        return builds().stream().filter(b -> b.service().equals(name)).anyMatch(b -> instructions(b.dockerfile()).stream()
                .anyMatch(line -> line.startsWith("HEALTHCHECK ") && !line.startsWith("HEALTHCHECK NONE")));
    }

    /** A one-shot runs to completion and is never restarted. */
    boolean isOneShot(String name) {
        return "no".equals(String.valueOf(service(name).get("restart")));
    }

    /** Variables in the values compose interpolates (comments and keys are not interpolated). */
    Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        collectVariables(compose, names);
        return names;
    }

    Map<String, String> envExample() {
        return envFile(root.resolve(".env.example"));
    }

    /** KEY=value lines of a compose .env file, in order; comments and blank lines skipped. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        read(file).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                .forEach(line -> values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return values;
    }

    // --- commands in the checkout ---------------------------------------------------------------

    record Run(int exitCode, String output) {
    }

    /** docker-compose (Debian) or the docker compose plugin, whichever runs here; empty if neither. */
    List<String> composeCommand() throws Exception {
        if (run(List.of("docker-compose", "version")).exitCode() == 0) {
            return List.of("docker-compose");
        }
        if (run(List.of("docker", "compose", "version")).exitCode() == 0) {
            return List.of("docker", "compose");
        }
        return List.of();
    }

    /** Runs in the checkout; exit code -1 when the program is not installed. */
    Run run(List<String> command, String... args) throws Exception {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true);
        // Shell variables win over --env-file in compose; a run must see only the file it is given.
        builder.environment().keySet().removeAll(envExample().keySet());
        Process process;
        try {
            process = builder.start();
        } catch (IOException notInstalled) {
            return new Run(-1, notInstalled.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", full) + " did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    // --- Dockerfiles ----------------------------------------------------------------------------

    /** Instructions with continuation lines joined and comments dropped. */
    static List<String> instructions(Path dockerfile) {
        String text = read(dockerfile).replaceAll("\\\\\\r?\\n", " ");
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** FROM images, leaving out references to earlier build stages. */
    static List<String> baseImages(Path dockerfile) {
        Set<String> stages = new LinkedHashSet<>();
        List<String> images = new ArrayList<>();
        for (String line : instructions(dockerfile)) {
            List<String> args = arguments(line, "FROM");
            if (args.isEmpty()) {
                continue;
            }
            if (!stages.contains(args.get(0))) {
                images.add(args.get(0));
            }
            if (args.size() == 3 && args.get(1).equalsIgnoreCase("AS")) {
                stages.add(args.get(2));
            }
        }
        return images;
    }

    /** Sources of COPY/ADD taken from the build context (not --from another stage). */
    static List<String> copySources(Path dockerfile) {
        List<String> sources = new ArrayList<>();
        for (String line : instructions(dockerfile)) {
            List<String> args = arguments(line, "COPY");
            if (args.isEmpty()) {
                args = arguments(line, "ADD");
            }
            if (!args.isEmpty() && !line.contains("--from=")) {
                sources.addAll(args.subList(0, args.size() - 1));
            }
        }
        return sources;
    }

    /** The instructions of the last stage, from its FROM on. */
    static List<String> finalStage(Path dockerfile) {
        List<String> instructions = instructions(dockerfile);
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    static String tagOf(String image) {
        String withoutDigest = image.split("@")[0];
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : "";
    }

    private static List<String> arguments(String line, String instruction) {
        List<String> words = List.of(line.split("\\s+"));
        if (!words.get(0).equalsIgnoreCase(instruction)) {
            return List.of();
        }
        return words.subList(1, words.size()).stream().filter(w -> !w.startsWith("--")).toList();
    }

    // --- plumbing -------------------------------------------------------------------------------

    private static void collectVariables(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collectVariables(v, into));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectVariables(v, into));
        } else if (node instanceof String text) {
            Matcher matcher = COMPOSE_VARIABLE.matcher(text);
            while (matcher.find()) {
                into.add(matcher.group(1));
            }
        }
    }

    static Map<String, Object> yaml(Path file) {
        return yamlText(read(file), file.toString());
    }

    /** YAML, or JSON (which SnakeYAML reads as YAML). */
    static Map<String, Object> yamlText(String text, String what) {
        Object loaded = new Yaml().load(text);
        if (!(loaded instanceof Map)) {
            throw new AssertionError(what + " must hold a mapping, got: " + text);
        }
        return map(loaded);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
