package io.kafkaprediction.transforms;

import java.io.IOException;
import java.math.BigInteger;

import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * Kafka's {@link JsonConverter} that refuses JSON integers beyond 64 bits instead of wrapping them.
 *
 * <p>{@code JsonConverter} reads an integral JSON number as Connect {@code INT64} through
 * {@code JsonNode.longValue()}, which for Jackson's {@code BigIntegerNode} is
 * {@code BigInteger.longValue()}: the low 64 bits. {@code "value": 12345678901234567890} arrives as
 * the long -6101065172474983726 and a huge epoch timestamp can wrap into a plausible one, both
 * without any error. This converter throws a {@link DataException} naming the field and the digits
 * instead ({@code field 'value': integer 12345678901234567890 does not fit in 64 bits}), so with
 * {@code errors.tolerance=all} the record goes to the dead-letter queue with that reason.
 *
 * <p>Why reject rather than read such an integer as a double: the producer wrote an exact integer
 * that no Connect type (and no {@code DOUBLE PRECISION} column) holds as sent; rounding it silently
 * is the same kind of quiet change as wrapping, only smaller. Rejecting behaves the same with
 * {@code schemas.enable=true}, where an {@code int64} field could not take a double anyway, and the
 * message quotes the exact digits. The cost: an event with such an integer in a field the
 * transforms ignore is dead-lettered too. Likewise a decimal that breaks the
 * {@link FeatureValues} rule ({@code 1e309}, or {@code 1e-400}, which JsonConverter would turn
 * into 0 without an error). Every other input converts exactly as with {@code JsonConverter}
 * (same options, same errors).
 *
 * <p>The common path stays cheap: a byte scan for a run of 19 or more digits (every integer with
 * fewer fits in a long) or an exponent of 3 or more digits; only then a Jackson streaming pass,
 * without building a tree, finds the number. Jackson comes from the worker (the parent class loader), not from the plugin folder.
 */
public class FeatureEventJsonConverter extends JsonConverter implements Versioned {

    /** Long.MAX_VALUE has 19 digits: a run of fewer digits is always an int64 (or no integer at all). */
    private static final int MIN_SUSPECT_DIGITS = 19;

    // As lenient as JsonConverter's own parser, so both read the same numbers.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value != null && (hasLongDigitRun(value) || hasLongExponent(value))) {
            String problem = numberProblem(value);
            if (problem != null) {
                throw new DataException(problem);
            }
        }
        try {
            return super.toConnectData(topic, value);
        } catch (DataException e) {
            throw withReason(e);
        }
    }

    /**
     * JsonConverter's message for bytes that are not JSON ends at a colon ("... failed due to
     * serialization error: "): the parser's reason sits two causes down. Bring it up, so the
     * dead-letter header {@code __connect.errors.exception.message} says what is wrong.
     */
    static DataException withReason(DataException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        if (!message.endsWith(":")) {
            return e;
        }
        JsonProcessingException parse = null;
        for (Throwable t = e.getCause(); t != null && parse == null; t = t.getCause()) {
            if (t instanceof JsonProcessingException p) {
                parse = p;
            }
        }
        String reason;
        if (parse != null) {
            JsonLocation where = parse.getLocation();
            reason = "the record value is not JSON: " + shorten(parse.getOriginalMessage())
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            reason = root == e ? "no reason given" : shorten(String.valueOf(root.getMessage()));
        }
        DataException withReason = new DataException(message + " " + reason, e.getCause());
        withReason.setStackTrace(e.getStackTrace());
        return withReason;
    }

    private static String shorten(String text) {
        String line = text == null ? "" : text.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /**
     * True if the bytes hold 19 or more ASCII digits in a row: inside a string, a fraction or a big
     * integer. Tests only the last byte of each candidate window and skips a whole window past a
     * non-digit, so typical events cost a few comparisons per 19 bytes.
     */
    static boolean hasLongDigitRun(byte[] bytes) {
        int end = MIN_SUSPECT_DIGITS - 1; // last index of the candidate window
        while (end < bytes.length) {
            if (!isDigit(bytes[end])) {
                end += MIN_SUSPECT_DIGITS;
                continue;
            }
            int start = end - MIN_SUSPECT_DIGITS + 1;
            int i = end - 1;
            while (i >= start && isDigit(bytes[i])) {
                i--;
            }
            if (i < start) {
                return true;
            }
            end = i + MIN_SUSPECT_DIGITS; // the next window starts after the non-digit at i
        }
        return false;
    }

    /**
     * True if the bytes hold a digit, 'e' or 'E', an optional sign and 3 or more digits. Without
     * such an exponent or a run of 19 digits, a JSON number is within 1e-117..1e117 in magnitude
     * (or zero), so a double holds it without overflow or underflow.
     */
    static boolean hasLongExponent(byte[] bytes) {
        for (int i = 1; i < bytes.length - 3; i++) {
            if ((bytes[i] == 'e' || bytes[i] == 'E') && isDigit(bytes[i - 1])) {
                int j = bytes[i + 1] == '+' || bytes[i + 1] == '-' ? i + 2 : i + 1;
                if (j + 2 < bytes.length && isDigit(bytes[j]) && isDigit(bytes[j + 1]) && isDigit(bytes[j + 2])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * The error message for the first integer beyond 64 bits or the first decimal that breaks the
     * {@link FeatureValues} rule (beyond a double's range, or non-zero but stored as 0): facts that
     * JsonConverter's double no longer shows. Null if there is none.
     */
    private static String numberProblem(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger integer = parser.getBigIntegerValue();
                    if (integer.bitLength() > 63) {
                        return location(parser.getParsingContext()) + ": integer "
                                + FeatureEventReader.cut(integer.toString()) + " does not fit in 64 bits";
                    }
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    String problem = FeatureValues.problem(parser.getDecimalValue(), false);
                    if (problem != null) {
                        return location(parser.getParsingContext()) + ": " + problem + ", got number "
                                + FeatureEventReader.cut(parser.getText());
                    }
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // Malformed, or over Jackson's limits: JsonConverter then fails with its own message.
        }
        return null;
    }

    /** {@code field 'value'} for a top-level field, else a JSON pointer such as {@code field '/payload/value'}. */
    private static String location(JsonStreamContext context) {
        if (context.inRoot()) {
            return "record value";
        }
        if (context.inObject() && context.getParent().inRoot()) {
            return "field '" + FeatureEventReader.cut(context.getCurrentName()) + "'";
        }
        return "field '" + FeatureEventReader.cut(context.pathAsPointer().toString()) + "'";
    }
}
