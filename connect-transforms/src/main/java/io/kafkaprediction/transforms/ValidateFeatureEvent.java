package io.kafkaprediction.transforms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Optionally, {@code event_type} one of {@code allowed.event.types}. The timestamp must lie no more
 * than {@code max.future.skew} after the worker's clock and, with {@code retention}, no longer than
 * that before it: {@code user_features} is partitioned by event time, and an event outside that window
 * would land in a partition that is about to be dropped or does not exist. Schemaless Maps and Structs
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
    public static final String MAX_FUTURE_SKEW_CONFIG = "max.future.skew";
    public static final String RETENTION_CONFIG = "retention";
    /** {@code <whole number><unit>}, units ms, s, m, h, d: the feature definitions' window units plus ms. Before CONFIG_DEF, which checks the defaults. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    public static final ConfigDef CONFIG_DEF = FeatureEventReader.fieldNameConfigs()
            .define(MAX_LENGTH_CONFIG, ConfigDef.Type.INT, 255, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                    "Most characters allowed in user_id and event_type: the width of their VARCHAR columns.")
            .define(ALLOWED_EVENT_TYPES_CONFIG, ConfigDef.Type.LIST, "", new NonBlankEntries(), ConfigDef.Importance.MEDIUM,
                    "Comma-separated event types to accept; empty accepts any.")
            .define(NULL_VALUES_CONFIG, ConfigDef.Type.STRING, NULL_VALUES_PASS,
                    ConfigDef.ValidString.in(NULL_VALUES_PASS, NULL_VALUES_FAIL), ConfigDef.Importance.MEDIUM,
                    "What to do with a null value (a tombstone, or an empty value read by JsonConverter): '"
                            + NULL_VALUES_PASS + "' passes it on unchanged, '" + NULL_VALUES_FAIL
                            + "' rejects it so that it reaches the dead-letter queue.")
            .define(MAX_FUTURE_SKEW_CONFIG, ConfigDef.Type.STRING, "1h", new DurationValidator(false), ConfigDef.Importance.MEDIUM,
                    "Latest event time accepted, as a duration after the worker's clock (e.g. 30s, 15m, 1h, 2d): a producer "
                            + "clock running ahead, or a wrong unit, goes to the dead-letter queue instead of a partition "
                            + "that does not exist yet.")
            .define(RETENTION_CONFIG, ConfigDef.Type.STRING, "", new DurationValidator(true), ConfigDef.Importance.MEDIUM,
                    "Oldest event time accepted, as a duration before the worker's clock (e.g. 90d); empty accepts any age. "
                            + "Set it to the feature store's retention (FEATURE_RETENTION): older events would land in a "
                            + "partition that is about to be dropped.");

    private int maxLength;
    private Set<String> allowedEventTypes;
    private boolean failOnNull;
    private long maxFutureSkewMillis;
    private long retentionMillis;
    private Clock clock = Clock.systemUTC();

    public ValidateFeatureEvent() {
        super(CONFIG_DEF);
    }

    /** For tests: the clock the time window is measured from. */
    ValidateFeatureEvent<R> withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    protected void configure(SimpleConfig config) {
        maxLength = config.getInt(MAX_LENGTH_CONFIG);
        allowedEventTypes = Set.copyOf(config.getList(ALLOWED_EVENT_TYPES_CONFIG));
        failOnNull = NULL_VALUES_FAIL.equals(config.getString(NULL_VALUES_CONFIG));
        maxFutureSkewMillis = parseDuration(config.getString(MAX_FUTURE_SKEW_CONFIG)).toMillis();
        String retention = config.getString(RETENTION_CONFIG).trim();
        retentionMillis = retention.isEmpty() ? -1 : parseDuration(retention).toMillis();
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
        checkTime(event.epochMillis());
        return record;
    }

    private void checkTime(long eventMillis) {
        long now = clock.millis();
        if (eventMillis - now > maxFutureSkewMillis) {
            throw new DataException("field '" + reader.timestampField() + "': expected at most " + MAX_FUTURE_SKEW_CONFIG + "="
                    + config(MAX_FUTURE_SKEW_CONFIG) + " after now (" + Instant.ofEpochMilli(now) + "), got "
                    + Instant.ofEpochMilli(eventMillis) + ", " + Duration.ofMillis(eventMillis - now) + " ahead");
        }
        if (retentionMillis >= 0 && now - eventMillis > retentionMillis) {
            throw new DataException("field '" + reader.timestampField() + "': expected at most " + RETENTION_CONFIG + "="
                    + config(RETENTION_CONFIG) + " before now (" + Instant.ofEpochMilli(now) + "), got "
                    + Instant.ofEpochMilli(eventMillis) + ", older than the feature store keeps");
        }
    }

    private String config(String name) {
        return name.equals(MAX_FUTURE_SKEW_CONFIG) ? formatDuration(maxFutureSkewMillis) : formatDuration(retentionMillis);
    }

    /** Parses {@code 90d}, {@code 1h}, {@code 500ms}; throws naming the expected form. */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a whole number and a unit (ms, s, m, h, d), e.g. 90d or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static String formatDuration(long millis) {
        for (long[] unit : new long[][] {{86_400_000L, 'd'}, {3_600_000L, 'h'}, {60_000L, 'm'}, {1_000L, 's'}}) {
            if (millis >= unit[0] && millis % unit[0] == 0) {
                return millis / unit[0] + String.valueOf((char) unit[1]);
            }
        }
        return millis + "ms";
    }

    private void checkLength(String field, String value) {
        // length() >= code points, so the exact count is only needed for long strings.
        if (value.length() > maxLength && value.codePointCount(0, value.length()) > maxLength) {
            throw FeatureEventReader.fieldError(field, true, "expected at most " + maxLength + " characters, found "
                    + value.codePointCount(0, value.length()), value);
        }
    }

    /** Durations such as 1h or 90d; empty only where {@code emptyAllowed} (no limit). */
    private record DurationValidator(boolean emptyAllowed) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty() && emptyAllowed) {
                return;
            }
            try {
                parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return (emptyAllowed ? "empty (no limit) or " : "") + "a duration: whole number and unit ms, s, m, h or d (e.g. 1h, 90d)";
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
