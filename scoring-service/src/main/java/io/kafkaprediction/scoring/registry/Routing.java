package io.kafkaprediction.scoring.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which version answers whom: {@code routing.json} of a model repository, e.g.
 * {@code {"primary": "3", "canary": {"version": "4", "percent": 10}, "shadow": "5"}}.
 *
 * @param primary       scores every user outside the canary
 * @param canary        scores the users whose bucket is below {@code canaryPercent × 100}; null: none
 * @param canaryPercent share of users on the canary, 0 to 100
 * @param shadow        scores the same features off the response path; never answers; null: none
 */
record Routing(String primary, @Nullable String canary, double canaryPercent, @Nullable String shadow) {

    static final String FILE_NAME = "routing.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("primary", "canary", "shadow");
    private static final Set<String> CANARY_KEYS = Set.of("version", "percent");

    /** No routing file: the latest version serves everyone. */
    static Routing only(String version) {
        return new Routing(version, null, 0, null);
    }

    /** Every version this routing names. */
    Set<String> versions() {
        Set<String> names = new LinkedHashSet<>();
        names.add(primary);
        if (canary != null) {
            names.add(canary);
        }
        if (shadow != null) {
            names.add(shadow);
        }
        return names;
    }

    /** What this routing does with {@code version}, for messages; null when it does not name it. */
    @Nullable String roleOf(String version) {
        return version.equals(primary) ? "primary" : version.equals(canary) ? "canary"
                : version.equals(shadow) ? "shadow" : null;
    }

    /**
     * Reads and checks a routing file against the versions that are loaded.
     *
     * @throws IllegalArgumentException naming the field and the problem
     */
    static Routing parse(byte[] content, Collection<String> loaded) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // Jackson's message ends with a source description that says nothing to a user.
            throw new IllegalArgumentException("not valid JSON" + where + ": "
                    + e.getOriginalMessage().replaceFirst("\\s*\\(start marker at .*", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object such as "
                    + "{\"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": 10}, \"shadow\": \"5\"}");
        }
        rejectUnknownKeys(root, KEYS, "");
        String primary = version(root.get("primary"), "primary", loaded, true);
        String canary = null;
        double percent = 0;
        JsonNode canaryNode = root.get("canary");
        if (canaryNode != null && !canaryNode.isNull()) {
            if (!canaryNode.isObject()) {
                throw new IllegalArgumentException("canary must be an object {\"version\": \"4\", \"percent\": 10}");
            }
            rejectUnknownKeys(canaryNode, CANARY_KEYS, "canary.");
            canary = version(canaryNode.get("version"), "canary.version", loaded, true);
            JsonNode p = canaryNode.get("percent");
            if (p == null || !p.isNumber() || !(p.asDouble() >= 0 && p.asDouble() <= 100)) {
                throw new IllegalArgumentException("canary.percent must be a number from 0 to 100, got "
                        + (p == null ? "nothing" : p.toString()));
            }
            percent = p.asDouble();
            if (canary.equals(primary)) {
                throw new IllegalArgumentException("canary.version '" + canary + "' is the primary; name another "
                        + "version or remove canary");
            }
        }
        String shadow = version(root.get("shadow"), "shadow", loaded, false);
        if (shadow != null && (shadow.equals(primary) || shadow.equals(canary))) {
            throw new IllegalArgumentException("shadow '" + shadow + "' already answers requests; a shadow must be "
                    + "a version that neither primary nor canary names");
        }
        return new Routing(primary, canary, percent, shadow);
    }

    private static @Nullable String version(@Nullable JsonNode node, String field, Collection<String> loaded,
                                            boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required: the version folder name, e.g. \"3\"");
            }
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a version folder name (string), got " + node);
        }
        String version = node.asText();
        if (!loaded.contains(version)) {
            throw new IllegalArgumentException(field + " names version '" + version + "', which is not loaded; "
                    + "loaded versions: " + loaded);
        }
        return version;
    }

    private static void rejectUnknownKeys(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + prefix + name + "'; known fields: "
                        + known.stream().sorted().map(k -> prefix + k).toList());
            }
        }
    }
}
