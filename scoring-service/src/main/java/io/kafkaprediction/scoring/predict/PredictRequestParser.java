package io.kafkaprediction.scoring.predict;

import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.kafkaprediction.scoring.requests.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;

/** Validates a {@code POST /predict} body; the feature count is checked against the model later. */
final class PredictRequestParser {

    static final String USER_ID = "user_id";
    static final String FEATURES = "features_for_prediction";
    static final String EXPLAIN = "explain";
    /** The width of {@code user_features.user_id} in characters (code points); the one place the service states it. */
    static final int MAX_USER_ID_LENGTH = 255;

    private PredictRequestParser() {
    }

    /** @return the user id; features are null when the body has none (look them up). */
    static PredictRequest parse(JsonNode root) {
        return parse(root, Instant.now());
    }

    /** @param now what as_of may not be after */
    static PredictRequest parse(JsonNode root, Instant now) {
        JsonNode id = root.get(USER_ID);
        if (id == null || id.isNull()) {
            throw new InvalidRequestException(USER_ID, USER_ID + " is required");
        }
        if (!id.isString()) {
            throw new InvalidRequestException(USER_ID, USER_ID + " must be a string, got " + JsonBodies.kind(id));
        }
        String userId = id.getStringValue();
        if (userId.isBlank()) {
            throw new InvalidRequestException(USER_ID, USER_ID + " must not be blank");
        }
        if (userId.indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold NUL: such an id could never match, and would fail its lookup batch.
            throw new InvalidRequestException(USER_ID, USER_ID + " must not contain NUL characters");
        }
        // Counted in code points, as the ingesting transform and PostgreSQL's VARCHAR(255) count: an
        // id of 255 astral characters (510 UTF-16 units) is stored, so it must be scorable too.
        if (userId.length() > MAX_USER_ID_LENGTH && userId.codePointCount(0, userId.length()) > MAX_USER_ID_LENGTH) {
            throw new InvalidRequestException(USER_ID, USER_ID + " must be at most " + MAX_USER_ID_LENGTH
                    + " characters, got " + userId.codePointCount(0, userId.length()));
        }
        float[] features = null;
        JsonNode values = root.get(FEATURES);
        if (values != null && !values.isNull()) {
            if (!values.isArray()) {
                throw new InvalidRequestException(FEATURES, FEATURES + " must be an array of numbers, got "
                        + JsonBodies.kind(values));
            }
            features = new float[values.size()];
            for (int i = 0; i < features.length; i++) {
                features[i] = JsonBodies.finiteFloat(values.get(i), FEATURES + "[" + i + "]");
            }
        }
        boolean explain = false;
        JsonNode explainNode = root.get(EXPLAIN);
        if (explainNode != null && !explainNode.isNull()) {
            if (!explainNode.isBoolean()) {
                throw new InvalidRequestException(EXPLAIN, EXPLAIN + " must be true or false, got "
                        + JsonBodies.kind(explainNode));
            }
            explain = explainNode.getBooleanValue();
        }
        Instant asOf = AsOfParser.asOf(root, now);
        Semantics semantics = AsOfParser.semantics(root);
        if (features != null && (asOf != null || semantics != null)) {
            String field = asOf != null ? AsOfParser.AS_OF : AsOfParser.SEMANTICS;
            throw new InvalidRequestException(field, field + " applies to features read from the feature store; "
                    + "omit " + FEATURES + " to use it");
        }
        return new PredictRequest(userId, features, explain, asOf, semantics);
    }

    /** The {@code explain} query parameter: absent, or exactly true or false (as in the JSON body). */
    static boolean explainParameter(@Nullable String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException(EXPLAIN, EXPLAIN + " must be true or false, got '" + value + "'");
    }
}
