package io.kafkaprediction.transforms;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.Map;

import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads the four fields of a feature event from a record value, a schemaless {@link Map} or a
 * {@link Struct}, and checks their types: the one place both transforms parse events, so they
 * accept and reject exactly the same inputs and word their errors the same way.
 *
 * <p>Rules: {@code user_id} and {@code event_type} are non-blank strings without control
 * characters (a NUL would fail inside the sink, where {@code errors.tolerance} does not reach,
 * and a newline would make the {@link FeatureIds feature_id} derivation ambiguous) and without
 * unpaired UTF-16 surrogates (stored as '?', so distinct ids would merge);
 * {@code value} is a number a double holds ({@link FeatureValues} has the rule); {@code timestamp}
 * is an ISO-8601 instant with offset or whole epoch milliseconds, between the years 0001 and
 * 9999. Input field names are configurable.
 *
 * <p>Thread-safe: immutable apart from a synchronized cache of resolved Struct fields.
 */
public final class FeatureEventReader {

    public static final String USER_ID_FIELD_CONFIG = "user_id.field";
    public static final String EVENT_TYPE_FIELD_CONFIG = "event_type.field";
    public static final String VALUE_FIELD_CONFIG = "value.field";
    public static final String TIMESTAMP_FIELD_CONFIG = "timestamp.field";

    /** Error messages quote at most this many characters of the offending input. */
    static final int MAX_QUOTED_CHARS = 64;

    private static final int SCHEMA_CACHE_SIZE = 16;

    /** A new ConfigDef holding the input field name options, for a transform to extend. */
    public static ConfigDef fieldNameConfigs() {
        return new ConfigDef()
                .define(USER_ID_FIELD_CONFIG, ConfigDef.Type.STRING, "user_id", new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.MEDIUM, "Name of the input field holding the user id.")
                .define(EVENT_TYPE_FIELD_CONFIG, ConfigDef.Type.STRING, "event_type", new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.MEDIUM, "Name of the input field holding the event type (the feature name).")
                .define(VALUE_FIELD_CONFIG, ConfigDef.Type.STRING, "value", new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.MEDIUM, "Name of the input field holding the numeric feature value.")
                .define(TIMESTAMP_FIELD_CONFIG, ConfigDef.Type.STRING, "timestamp", new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.MEDIUM, "Name of the input field holding the event time: an ISO-8601 "
                                + "instant with offset (2026-01-20T15:00:00Z, 2026-01-20T17:00:00+02:00) or epoch milliseconds.");
    }

    /** An event whose fields passed the type checks above. */
    public record FeatureEvent(String userId, String eventType, double value, long epochMillis) {
    }

    private final String userIdField;
    private final String eventTypeField;
    private final String valueField;
    private final String timestampField;
    // Per input schema, the resolved fields (null where the schema lacks one).
    private final Cache<Schema, Field[]> structFields = new SynchronizedCache<>(new LRUCache<>(SCHEMA_CACHE_SIZE));

    public FeatureEventReader(AbstractConfig config) {
        this.userIdField = config.getString(USER_ID_FIELD_CONFIG);
        this.eventTypeField = config.getString(EVENT_TYPE_FIELD_CONFIG);
        this.valueField = config.getString(VALUE_FIELD_CONFIG);
        this.timestampField = config.getString(TIMESTAMP_FIELD_CONFIG);
    }

    public String userIdField() {
        return userIdField;
    }

    public String eventTypeField() {
        return eventTypeField;
    }

    public String timestampField() {
        return timestampField;
    }

    /** Reads and type-checks an event; throws {@link DataException} naming the field and the problem. */
    public FeatureEvent read(Object recordValue) {
        if (recordValue instanceof Map<?, ?> map) {
            Object userId = map.get(userIdField);
            Object eventType = map.get(eventTypeField);
            Object value = map.get(valueField);
            Object timestamp = map.get(timestampField);
            // containsKey only tells "null" from "missing" in the error message, so only then.
            return new FeatureEvent(
                    identifier(userIdField, userId != null || map.containsKey(userIdField), userId),
                    identifier(eventTypeField, eventType != null || map.containsKey(eventTypeField), eventType),
                    finiteNumber(valueField, value != null || map.containsKey(valueField), value),
                    epochMillis(timestampField, timestamp != null || map.containsKey(timestampField), timestamp));
        }
        if (recordValue instanceof Struct struct) {
            Field[] fields = fieldsOf(struct.schema());
            return new FeatureEvent(
                    identifier(userIdField, fields[0] != null, get(struct, fields[0])),
                    identifier(eventTypeField, fields[1] != null, get(struct, fields[1])),
                    finiteNumber(valueField, fields[2] != null, get(struct, fields[2])),
                    epochMillis(timestampField, fields[3] != null, get(struct, fields[3])));
        }
        throw new DataException("record value: expected a Map or a Struct, got " + describe(recordValue));
    }

    private Field[] fieldsOf(Schema schema) {
        Field[] fields = structFields.get(schema);
        if (fields == null) {
            fields = new Field[] {
                schema.field(userIdField), schema.field(eventTypeField), schema.field(valueField), schema.field(timestampField)
            };
            structFields.put(schema, fields);
        }
        return fields;
    }

    private static Object get(Struct struct, Field field) {
        return field == null ? null : struct.get(field);
    }

    private static String identifier(String field, boolean present, Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw fieldError(field, present, "expected a non-blank string", value);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw fieldError(field, true, String.format("expected no control characters, found U+%04X at index %d",
                        (int) c, i), value);
            }
            if (Character.isSurrogate(c)) {
                if (!isPairStart(s, i)) {
                    // No UTF-8 form: the JDBC driver would send '?', merging distinct ids into one.
                    throw fieldError(field, true, String.format(
                            "expected well-formed Unicode text, found an unpaired surrogate U+%04X at index %d", (int) c, i),
                            value);
                }
                i++;
            }
        }
        return s;
    }

    /** True if index i holds a high surrogate followed by a low one. */
    private static boolean isPairStart(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static double finiteNumber(String field, boolean present, Object value) {
        if (value instanceof Number n) {
            String problem = FeatureValues.problem(n);
            if (problem == null) {
                return n.doubleValue();
            }
            throw fieldError(field, true, problem, value);
        }
        throw fieldError(field, present, FeatureValues.NOT_FINITE, value);
    }

    private static long epochMillis(String field, boolean present, Object value) {
        long millis = IsoInstants.NOT_AN_INSTANT;
        if (value instanceof String s) {
            millis = IsoInstants.parseEpochMillis(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            millis = ((Number) value).longValue();
        } else if (value instanceof Date date) {
            millis = date.getTime();
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal || value instanceof BigInteger) {
            millis = wholeNumber((Number) value);
        }
        if (millis == IsoInstants.NOT_AN_INSTANT) {
            throw fieldError(field, present, "expected an ISO-8601 instant with offset (e.g. 2026-01-20T15:00:00Z) "
                    + "or whole epoch milliseconds", value);
        }
        if (millis < IsoInstants.MIN_EPOCH_MILLIS || millis > IsoInstants.MAX_EPOCH_MILLIS) {
            throw fieldError(field, true, "expected an instant between the years 0001 and 9999", value);
        }
        return millis;
    }

    private static long wholeNumber(Number n) {
        try {
            BigDecimal exact = n instanceof BigDecimal bd ? bd
                    : n instanceof BigInteger bi ? new BigDecimal(bi)
                    : Double.isFinite(n.doubleValue()) ? BigDecimal.valueOf(n.doubleValue()) : null;
            return exact == null ? IsoInstants.NOT_AN_INSTANT : exact.longValueExact();
        } catch (ArithmeticException notWholeOrTooBig) {
            return IsoInstants.NOT_AN_INSTANT;
        }
    }

    static DataException fieldError(String field, boolean present, String problem, Object value) {
        return new DataException("field '" + field + "': " + problem + ", got "
                + (present ? describe(value) : "no such field (check the *.field options)"));
    }

    /** The type and a quoted, cut-short rendering of a value, for error messages. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "string \"" + escapeControlCharacters(cut(s)) + "\"";
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (value instanceof Number n) {
            return "number " + cut(n instanceof BigDecimal bd ? bd.toString() : String.valueOf(n));
        }
        if (value instanceof Map) {
            return "map " + cut(value.toString());
        }
        if (value instanceof Iterable) {
            return "array " + cut(value.toString());
        }
        if (value instanceof Struct) {
            return "struct " + cut(value.toString());
        }
        return value.getClass().getSimpleName() + " " + cut(String.valueOf(value));
    }

    /**
     * Control characters and unpaired surrogates as Java escapes, so a message stays one readable
     * line in a DLQ header (where an unpaired surrogate would turn into '?').
     */
    private static String escapeControlCharacters(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isSurrogate(c) && isPairStart(s, i);
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !pair)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
                if (pair) {
                    out.append(s.charAt(++i));
                }
            } else if (pair) {
                i++;
            }
        }
        return out == null ? s : out.toString();
    }

    /** At most MAX_QUOTED_CHARS chars, never ending in the first half of a surrogate pair. */
    static String cut(String s) {
        if (s.length() <= MAX_QUOTED_CHARS) {
            return s;
        }
        int end = isPairStart(s, MAX_QUOTED_CHARS - 1) ? MAX_QUOTED_CHARS - 1 : MAX_QUOTED_CHARS;
        return s.substring(0, end) + "…";
    }
}
