package io.kafkaprediction.scoring.model.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads XGBoost model documents (JSON or UBJ) into Jackson trees, with exact float32 values. */
public final class ModelDocuments {

    /** Decimals stay BigDecimal so each converts to the nearest float once, never via double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    enum Format { JSON, UBJ }

    private ModelDocuments() {
    }

    /**
     * Tells JSON from UBJ: both start with '{'; JSON goes on with a quote, whitespace or '}',
     * UBJ with the length marker of the first key.
     */
    static Format detect(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && isJsonSpace(bytes[i])) {
            i++;
        }
        if (i >= bytes.length) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (bytes[i] != '{') {
            throw new IllegalArgumentException("not an XGBoost model: expected a JSON or UBJ object, the file starts with "
                    + describe(bytes, i) + " (a model in the old binary format must be saved again as .json or .ubj)");
        }
        int j = i + 1;
        if (j >= bytes.length || bytes[j] == '"' || bytes[j] == '}' || isJsonSpace(bytes[j])) {
            return Format.JSON;
        }
        return Format.UBJ;
    }

    public static JsonNode parse(byte[] bytes) {
        Format format = detect(bytes);
        if (format == Format.UBJ) {
            return UbjReader.parse(bytes);
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON (truncated file?): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] toJson(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** The float32 a model value stands for: exact from UBJ, nearest float from a JSON decimal. */
    public static float f32(JsonNode node) {
        if (node.isFloat()) {
            return node.floatValue();
        }
        if (node.isBigDecimal()) {
            return Float.parseFloat(node.decimalValue().toString());
        }
        if (node.isNumber()) {
            return (float) node.doubleValue();
        }
        throw new IllegalArgumentException("expected a number, found " + node);
    }

    /** default_left is 0/1 in JSON and UBJ, true/false in some older writers. */
    public static boolean truthy(JsonNode node) {
        return node.isBoolean() ? node.booleanValue() : node.asInt() != 0;
    }

    private static boolean isJsonSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static String describe(byte[] bytes, int from) {
        StringBuilder text = new StringBuilder("\"");
        for (int k = from; k < Math.min(bytes.length, from + 16); k++) {
            char c = (char) (bytes[k] & 0xFF);
            text.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return text.append('"').toString();
    }
}
