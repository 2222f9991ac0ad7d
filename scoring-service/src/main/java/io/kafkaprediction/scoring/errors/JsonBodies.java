package io.kafkaprediction.scoring.errors;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;

/** Reads request bodies as a JSON tree, so each bad value can be reported with its field. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode readObject(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException(null, "request body is empty; send a JSON object");
        }
        JsonNode root;
        try {
            root = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException(null, "malformed JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(null, "request body must be a JSON object, got " + kind(root));
        }
        return root;
    }

    /** A short name of the JSON type, for messages such as "must be a number, got string". */
    public static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isArray() ? "array" : "object";
    }

    /**
     * A finite float from a JSON number, or a 400 naming {@code field}.
     */
    public static float finiteFloat(JsonNode node, String field) {
        if (node == null || !node.isNumber()) {
            throw new InvalidRequestException(field, field + " must be a number, got " + kind(node));
        }
        double value = node.getDoubleValue();
        float f = (float) value;
        if (!Float.isFinite(f)) {
            throw new InvalidRequestException(field, field + " must be a finite number within the float range, got "
                    + node.getNumberValue());
        }
        return f;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
