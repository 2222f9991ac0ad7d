package io.kafkaprediction.scoring.model.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Strict, bounds-checked reader for the UBJSON subset XGBoost writes. The native reader trusts
 * lengths in the file (a truncated file makes it read past the buffer), so every UBJ model is
 * parsed here first; float32 values stay exact ({@code FloatNode}).
 */
public final class UbjReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 64;

    private final ByteBuffer in;

    private UbjReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    }

    /** Parses one complete UBJ document; anything malformed or trailing is an error. */
    public static JsonNode parse(byte[] bytes) {
        UbjReader reader = new UbjReader(bytes);
        try {
            JsonNode root = reader.value(reader.marker(), 0);
            if (reader.in.hasRemaining()) {
                throw reader.error("unexpected data after the end of the document");
            }
            return root;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("UBJ document ends early (truncated file?) at byte " + bytes.length, e);
        }
    }

    private JsonNode value(byte marker, int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        return switch (marker) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case 'Z' -> NODES.nullNode();
            case 'T' -> NODES.booleanNode(true);
            case 'F' -> NODES.booleanNode(false);
            case 'S' -> NODES.textNode(string());
            case 'd', 'D', 'i', 'U', 'I', 'l', 'L', 'C' -> scalar(marker);
            default -> throw error("unknown marker '" + (char) marker + "'");
        };
    }

    private JsonNode scalar(byte type) {
        return switch (type) {
            case 'd' -> NODES.numberNode(in.getFloat());
            case 'D' -> NODES.numberNode(in.getDouble());
            case 'i', 'C' -> NODES.numberNode(in.get());
            case 'U' -> NODES.numberNode(in.get() & 0xFF);
            case 'I' -> NODES.numberNode(in.getShort());
            case 'l' -> NODES.numberNode(in.getInt());
            case 'L' -> NODES.numberNode(in.getLong());
            default -> throw error("'" + (char) type + "' is not a typed-array element type");
        };
    }

    private ObjectNode object(int depth) {
        ObjectNode node = NODES.objectNode();
        while (peek() != '}') {
            String key = string();
            node.set(key, value(marker(), depth));
        }
        in.get();
        return node;
    }

    private ArrayNode array(int depth) {
        ArrayNode node = NODES.arrayNode();
        byte next = peek();
        if (next == '$') {
            in.get();
            byte type = marker();
            expect('#');
            long n = count();
            for (long i = 0; i < n; i++) {
                node.add(scalar(type));
            }
        } else if (next == '#') {
            in.get();
            long n = count();
            for (long i = 0; i < n; i++) {
                node.add(value(marker(), depth));
            }
        } else {
            while (peek() != ']') {
                node.add(value(marker(), depth));
            }
            in.get();
        }
        return node;
    }

    /** XGBoost writes every length and count as an int64 ('L'). */
    private long count() {
        expect('L');
        long n = in.getLong();
        if (n < 0 || n > in.remaining()) {
            throw error("length " + n + " does not fit in the " + in.remaining() + " bytes left (truncated file?)");
        }
        return n;
    }

    private String string() {
        int n = (int) count();
        byte[] bytes = new byte[n];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte marker() {
        return in.get();
    }

    private byte peek() {
        if (!in.hasRemaining()) {
            throw new BufferUnderflowException();
        }
        return in.get(in.position());
    }

    private void expect(char c) {
        byte b = in.get();
        if (b != c) {
            throw error("expected '" + c + "' but found '" + (char) b + "'");
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("invalid UBJ at byte " + in.position() + ": " + problem);
    }
}
