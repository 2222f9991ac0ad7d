package io.kafkaprediction.scoring.requests;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads request bodies as a JSON tree, so each bad value can be reported with its field. */
public final class JsonBodies {

    // Only for the strictness pass below: the tree itself comes from Micronaut's mapper.
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonBodies() {
    }

    public static JsonNode readObject(JsonMapper json, byte[] body) {
        return readObject(json, body, null);
    }

    /**
     * @param contentType the request's Content-Type; its charset, when not UTF-8, is used to decode the
     *                    body (an unknown one was already refused with 415 by {@link RequestEncodingFilter})
     */
    public static JsonNode readObject(JsonMapper json, byte[] body, @Nullable String contentType) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException(null, "request body is empty; send a JSON object");
        }
        byte[] utf8 = toUtf8(body, RequestEncodingFilter.charsetParameter(contentType));
        boolean oneParse = detectsDuplicates(json);
        if (!oneParse) {
            checkStrict(utf8);
        }
        JsonNode root;
        try {
            root = json.readValue(utf8, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            if (oneParse) {
                checkStrict(utf8); // a duplicate key (the read stopped at it) or trailing data answer as before
            }
            throw new InvalidRequestException(null, "malformed JSON: " + firstLine(e.getMessage()));
        }
        if (oneParse && !onlyWhitespaceAfterObject(utf8)) {
            checkStrict(utf8); // the rare body with something after it: the strict pass names it
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(null, "request body must be a JSON object, got " + kind(root));
        }
        return root;
    }

    private static byte[] toUtf8(byte[] body, @Nullable String charsetName) {
        if (charsetName == null) {
            return body;
        }
        Charset charset = Charset.forName(charsetName);
        if (charset.equals(StandardCharsets.UTF_8)) {
            return body;
        }
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(null, "the body is not valid " + charset.name()
                    + " text, as its Content-Type declares: " + e.getMessage());
        }
    }

    /** The last mapper probed, and whether it refuses duplicate keys itself. */
    private record Probed(JsonMapper mapper, boolean detectsDuplicates) {
    }

    private static volatile Probed probed;
    private static final byte[] DUPLICATE_PROBE = "{\"k\":1,\"k\":2}".getBytes(StandardCharsets.UTF_8);

    /**
     * Whether the mapper's own read fails on duplicate keys (application.yml enables Jackson's
     * STRICT_DUPLICATE_DETECTION for it). Then a body is parsed once, not twice (in a profile of
     * /predict the strict pass took half as long as the read itself), and the strict pass runs only
     * for bodies that fail or have something after the object, to name the problem exactly as
     * before. Probed once per mapper.
     */
    private static boolean detectsDuplicates(JsonMapper json) {
        Probed p = probed;
        if (p == null || p.mapper() != json) {
            boolean refused;
            try {
                json.readValue(DUPLICATE_PROBE, JsonNode.class);
                refused = false;
            } catch (IOException | RuntimeException e) {
                refused = true;
            }
            p = new Probed(json, refused);
            probed = p;
        }
        return p.detectsDuplicates();
    }

    /**
     * True when the body is one JSON object followed by nothing but whitespace. Only called on a body
     * the mapper has read as a JSON value, so brackets and string quotes are balanced; false for
     * anything else (a non-object root included), which then gets the strict pass.
     */
    static boolean onlyWhitespaceAfterObject(byte[] body) {
        int i = 0;
        while (i < body.length && whitespace(body[i])) {
            i++;
        }
        if (i == body.length || body[i] != '{') {
            return false;
        }
        int depth = 0;
        boolean inString = false;
        for (; i < body.length; i++) {
            byte c = body[i];
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped byte cannot end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                break;
            }
        }
        for (i++; i < body.length; i++) {
            if (!whitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    /** JSON's insignificant whitespace (RFC 8259). */
    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * One streaming pass that Micronaut's reader does not make: it would keep the last of two equal
     * keys and ignore anything after the first JSON value. Both hide client bugs, so both are a 400.
     */
    private static void checkStrict(byte[] body) {
        try (JsonParser parser = STRICT.createParser(body)) {
            if (parser.nextToken() == null) {
                return; // nothing but whitespace: reported by the tree read
            }
            parser.skipChildren();
            long end = parser.currentLocation().getCharOffset();
            boolean trailing;
            try {
                trailing = parser.nextToken() != null;
            } catch (StreamReadException notJson) {
                trailing = true; // e.g. a stray letter: still data after a complete body
            }
            if (trailing) {
                throw new InvalidRequestException(null, "trailing data after the JSON body at offset " + end
                        + "; send exactly one JSON object");
            }
        } catch (StreamReadException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field '")) {
                String field = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
                throw new InvalidRequestException(field, "duplicate key '" + field + "' in the JSON body; send each key once");
            }
            // Other syntax errors: the tree read below reports them with its own message.
        } catch (IOException e) {
            // as above
        }
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
