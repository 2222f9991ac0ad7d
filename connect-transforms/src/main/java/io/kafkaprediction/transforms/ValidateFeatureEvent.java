package io.kafkaprediction.transforms;

import java.util.List;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.util.SimpleConfig;

/**
 * Checks that a record value is a feature event and passes it on unchanged; otherwise throws a
 * {@link DataException} whose message names the field, the problem and the offending value, so
 * that with {@code errors.tolerance=all} the record reaches the dead-letter queue with headers that
 * tell an operator what to fix.
 *
 * <p>The contract: {@code user_id} and {@code event_type} non-blank strings of at most
 * {@code max.length} characters (code points, as PostgreSQL counts them) without control
 * characters or unpaired surrogates; {@code value} a finite number (not a string, boolean, NaN or Infinity);
 * {@code timestamp} an ISO-8601 instant with offset or whole epoch milliseconds, years 0001-9999.
 * Optionally, {@code event_type} one of {@code allowed.event.types}. Schemaless Maps and Structs
 * are accepted alike; a null value (tombstone) passes through. Input field names are the
 * {@code *.field} options of {@link FeatureEventReader}.
 */
public class ValidateFeatureEvent<R extends ConnectRecord<R>> extends FeatureEventTransformation<R> {

    public static final String OVERVIEW_DOC = "Checks that the record value is a feature event (user_id, event_type, "
            + "value, timestamp) and fails the record with a message naming the field and the problem otherwise. "
            + "The record passes unchanged. Tombstones pass through.";

    public static final String MAX_LENGTH_CONFIG = "max.length";
    public static final String ALLOWED_EVENT_TYPES_CONFIG = "allowed.event.types";
    public static final String NULL_VALUES_CONFIG = "null.values";
    public static final String NULL_VALUES_PASS = "pass";
    public static final String NULL_VALUES_FAIL = "fail";

    public static final ConfigDef CONFIG_DEF = FeatureEventReader.fieldNameConfigs()
            .define(MAX_LENGTH_CONFIG, ConfigDef.Type.INT, 255, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                    "Most characters allowed in user_id and event_type: the width of their VARCHAR columns.")
            .define(ALLOWED_EVENT_TYPES_CONFIG, ConfigDef.Type.LIST, "", new NonBlankEntries(), ConfigDef.Importance.MEDIUM,
                    "Comma-separated event types to accept; empty accepts any.")
            .define(NULL_VALUES_CONFIG, ConfigDef.Type.STRING, NULL_VALUES_PASS,
                    ConfigDef.ValidString.in(NULL_VALUES_PASS, NULL_VALUES_FAIL), ConfigDef.Importance.MEDIUM,
                    "What to do with a null value (a tombstone, or an empty value read by JsonConverter): '"
                            + NULL_VALUES_PASS + "' passes it on unchanged, '" + NULL_VALUES_FAIL
                            + "' rejects it so that it reaches the dead-letter queue.");

    private int maxLength;
    private Set<String> allowedEventTypes;
    private boolean failOnNull;

    public ValidateFeatureEvent() {
        super(CONFIG_DEF);
    }

    @Override
    protected void configure(SimpleConfig config) {
        maxLength = config.getInt(MAX_LENGTH_CONFIG);
        allowedEventTypes = Set.copyOf(config.getList(ALLOWED_EVENT_TYPES_CONFIG));
        failOnNull = NULL_VALUES_FAIL.equals(config.getString(NULL_VALUES_CONFIG));
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            if (failOnNull) {
                throw new DataException("record value: expected a feature event, got null (an empty value or a tombstone; "
                        + NULL_VALUES_CONFIG + "=" + NULL_VALUES_FAIL + ")");
            }
            return record;
        }
        FeatureEventReader.FeatureEvent event = reader.read(record.value());
        checkLength(reader.userIdField(), event.userId());
        checkLength(reader.eventTypeField(), event.eventType());
        if (!allowedEventTypes.isEmpty() && !allowedEventTypes.contains(event.eventType())) {
            throw new DataException("field '" + reader.eventTypeField() + "': expected one of " + ALLOWED_EVENT_TYPES_CONFIG
                    + " [" + FeatureEventReader.cut(String.join(", ", allowedEventTypes.stream().sorted().toList()))
                    + "], got " + FeatureEventReader.describe(event.eventType()));
        }
        return record;
    }

    private void checkLength(String field, String value) {
        // length() >= code points, so the exact count is only needed for long strings.
        if (value.length() > maxLength && value.codePointCount(0, value.length()) > maxLength) {
            throw FeatureEventReader.fieldError(field, true, "expected at most " + maxLength + " characters, found "
                    + value.codePointCount(0, value.length()), value);
        }
    }

    /** Rejects lists with blank entries such as "a,,b", which would otherwise allow nothing useful. */
    private static final class NonBlankEntries implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> entries = (List<String>) value;
            if (entries != null && entries.stream().anyMatch(String::isBlank)) {
                throw new ConfigException(name, String.join(",", entries), "entries must not be blank");
            }
        }

        @Override
        public String toString() {
            return "comma-separated non-blank strings";
        }
    }
}
