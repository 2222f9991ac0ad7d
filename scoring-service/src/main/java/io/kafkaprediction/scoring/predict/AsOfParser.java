package io.kafkaprediction.scoring.predict;

import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.kafkaprediction.scoring.requests.JsonBodies;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.micronaut.json.tree.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code as_of} and {@code semantics} of a {@code POST /predict} body: when and how features are read. */
final class AsOfParser {

    static final String AS_OF = "as_of";
    static final String SEMANTICS = "semantics";
    private static final String FORMATS = "an ISO-8601 time with offset (2026-01-20T15:00:00Z) or epoch milliseconds";

    private AsOfParser() {
    }

    /** @return null when absent; the instant, else a 400 naming as_of */
    static Instant asOf(JsonNode root, Instant now) {
        JsonNode node = root.get(AS_OF);
        if (node == null || node.isNull()) {
            return null;
        }
        Instant asOf;
        if (node.isString()) {
            try {
                asOf = OffsetDateTime.parse(node.getStringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(AS_OF, AS_OF + " must be " + FORMATS + ", got '" + node.getStringValue() + "'");
            }
        } else if (node.isNumber()) {
            asOf = epochMillis(node);
        } else {
            throw new InvalidRequestException(AS_OF, AS_OF + " must be " + FORMATS + ", got " + JsonBodies.kind(node));
        }
        if (asOf.isAfter(now)) {
            throw new InvalidRequestException(AS_OF, AS_OF + " " + asOf + " is in the future (now is " + now
                    + "): features are only known up to now");
        }
        return asOf;
    }

    /** @return null when absent (event time is the default) */
    static Semantics semantics(JsonNode root) {
        JsonNode node = root.get(SEMANTICS);
        if (node == null || node.isNull()) {
            return null;
        }
        String word = node.isString() ? node.getStringValue() : null;
        if (word == null) {
            throw new InvalidRequestException(SEMANTICS, SEMANTICS + " must be 'event' or 'arrival', got " + JsonBodies.kind(node));
        }
        return Semantics.byWord(word).orElseThrow(() -> new InvalidRequestException(SEMANTICS,
                SEMANTICS + " must be 'event' or 'arrival', got '" + word + "'"));
    }

    private static Instant epochMillis(JsonNode node) {
        String text = node.getNumberValue().toString();
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.stripTrailingZeros().scale() > 0) {
                throw new InvalidRequestException(AS_OF, AS_OF + " in epoch milliseconds must be a whole number, got " + text);
            }
            return Instant.ofEpochMilli(value.longValueExact());
        } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
            throw new InvalidRequestException(AS_OF, AS_OF + " must be " + FORMATS + ", got " + text);
        }
    }
}
