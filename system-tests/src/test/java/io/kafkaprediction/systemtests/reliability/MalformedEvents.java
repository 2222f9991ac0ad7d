package io.kafkaprediction.systemtests.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Random mutations of valid events, each of which breaks the event contract for certain (so
 * each must reach the dead-letter queue): wrong types, missing fields, broken JSON, invalid
 * UTF-8, huge strings and numbers, NaN and Infinity, bad timestamps, values that are not objects.
 * Never an empty value or a JSON {@code null}: those are tombstones, which pass by design.
 */
final class MalformedEvents {
    /** One mutation: its kind (for the figures) and the bytes to produce. */
    record Mutation(String kind, byte[] bytes) {
    }

    private record Kind(String name, BiFunction<Random, Integer, String> json) {
    }

    private static final List<Kind> JSON_KINDS = List.of(
            new Kind("value is a string", (r, i) -> event(i, "value", "\"" + FeatureEvents.value(i) + "\"")),
            new Kind("value is a boolean", (r, i) -> event(i, "value", r.nextBoolean() ? "true" : "false")),
            new Kind("value is null", (r, i) -> event(i, "value", "null")),
            new Kind("value is an array", (r, i) -> event(i, "value", "[1,2,3]")),
            new Kind("value is \"NaN\"", (r, i) -> event(i, "value", r.nextBoolean() ? "\"NaN\"" : "\"Infinity\"")),
            new Kind("value is huge", (r, i) -> event(i, "value", (r.nextBoolean() ? "-" : "") + "1e" + (309 + r.nextInt(5000)))),
            // Written with a fraction: Kafka's JsonConverter wraps integers beyond 64 bits silently (RELIABILITY.md).
            new Kind("value has 400+ digits", (r, i) -> event(i, "value", "9".repeat(400 + r.nextInt(2000)) + ".0")),
            new Kind("user_id is a number", (r, i) -> event(i, "user_id", Integer.toString(r.nextInt()))),
            new Kind("user_id is blank", (r, i) -> event(i, "user_id", r.nextBoolean() ? "\"\"" : "\"   \"")),
            new Kind("user_id has a control character", (r, i) -> event(i, "user_id", "\"user\\u0000" + i + "\"")),
            new Kind("event_type is an object", (r, i) -> event(i, "event_type", "{\"name\":\"click\"}")),
            new Kind("user_id is longer than 255", (r, i) -> event(i, "user_id", "\"" + "u".repeat(256 + r.nextInt(5_000)) + "\"")),
            new Kind("event_type is huge", (r, i) -> event(i, "event_type", "\"" + "e".repeat(10_000 + r.nextInt(90_000)) + "\"")),
            new Kind("timestamp without offset", (r, i) -> event(i, "timestamp", "\"2026-01-20T15:00:00\"")),
            new Kind("timestamp is not a date", (r, i) -> event(i, "timestamp", "\"" + List.of("yesterday", "2026-13-45T25:61:00Z", "", "NaN").get(r.nextInt(4)) + "\"")),
            new Kind("timestamp is out of range", (r, i) -> event(i, "timestamp", r.nextBoolean() ? "1e30" : "253402300800000")),
            new Kind("timestamp is a fraction", (r, i) -> event(i, "timestamp", "1767225600000.5")),
            new Kind("field missing", (r, i) -> without(i, List.of("user_id", "event_type", "value", "timestamp").get(r.nextInt(4)))),
            new Kind("not an object", (r, i) -> List.of("[1,2,3]", "\"just a string\"", "42", "true", "[]").get(r.nextInt(5))),
            new Kind("broken JSON", (r, i) -> broken(r, FeatureEvents.json(i))));

    private final Random random;

    MalformedEvents(long seed) {
        this.random = new Random(seed);
    }

    /** A malformed mutation of the valid event {@code index}. */
    Mutation next(int index) {
        // One in twelve: bytes that are not UTF-8 at all; the rest: JSON-level mutations.
        if (random.nextInt(12) == 0) {
            return new Mutation("invalid UTF-8", invalidUtf8(index));
        }
        Kind kind = JSON_KINDS.get(random.nextInt(JSON_KINDS.size()));
        return new Mutation(kind.name(), kind.json().apply(random, index).getBytes(StandardCharsets.UTF_8));
    }

    private static String event(int i, String field, String rawJsonValue) {
        String userId = field.equals("user_id") ? rawJsonValue : quote(FeatureEvents.userId(i));
        String eventType = field.equals("event_type") ? rawJsonValue : quote(FeatureEvents.eventType(i));
        String value = field.equals("value") ? rawJsonValue : Double.toString(FeatureEvents.value(i));
        String timestamp = field.equals("timestamp") ? rawJsonValue : quote(FeatureEvents.timestamp(i).toString());
        return "{\"user_id\":" + userId + ",\"event_type\":" + eventType + ",\"value\":" + value
                + ",\"timestamp\":" + timestamp + "}";
    }

    private static String without(int i, String field) {
        StringBuilder json = new StringBuilder("{");
        if (!field.equals("user_id")) {
            json.append("\"user_id\":").append(quote(FeatureEvents.userId(i))).append(',');
        }
        if (!field.equals("event_type")) {
            json.append("\"event_type\":").append(quote(FeatureEvents.eventType(i))).append(',');
        }
        if (!field.equals("value")) {
            json.append("\"value\":").append(FeatureEvents.value(i)).append(',');
        }
        if (!field.equals("timestamp")) {
            json.append("\"timestamp\":").append(quote(FeatureEvents.timestamp(i).toString())).append(',');
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    /** A prefix without the closing brace, or a structural character replaced: never valid JSON. */
    private static String broken(Random r, String json) {
        return switch (r.nextInt(3)) {
            case 0 -> json.substring(0, 1 + r.nextInt(json.length() - 2));
            case 1 -> json.replaceFirst(":", r.nextBoolean() ? ";" : "");
            default -> json.replace("\"value\":", "\"value\":NaN,\"x\":");
        };
    }

    /** A valid event with bytes in user_id that are not UTF-8 (a lone continuation byte, 0xFF, a cut sequence). */
    private byte[] invalidUtf8(int index) {
        String json = FeatureEvents.json(index);
        int at = json.indexOf("user-") + 2;
        byte[][] junk = {{(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, at);
        out.writeBytes(junk[random.nextInt(junk.length)]);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
