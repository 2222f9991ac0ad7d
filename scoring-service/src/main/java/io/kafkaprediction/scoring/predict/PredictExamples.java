package io.kafkaprediction.scoring.predict;

/**
 * Named examples of {@code POST /predict} for the OpenAPI document and Swagger UI. A request example
 * and a response example with the same name belong together: the contract test sends each request
 * example and expects the status under which its namesake is documented (200 when there is none).
 */
final class PredictExamples {

    static final String FEATURES = "features";
    static final String LOOKUP = "lookup";
    static final String EXPLAINED = "explained";
    static final String WRONG_COUNT = "wrong_count";
    static final String BLANK_USER_ID = "blank_user_id";
    static final String UNKNOWN_USER = "unknown_user";
    static final String TOO_LARGE = "too_large";
    static final String WRONG_CONTENT_TYPE = "wrong_content_type";
    static final String UNAVAILABLE = "no_model";
    static final String AS_OF = "as_of";
    static final String FUTURE_AS_OF = "future_as_of";
    static final String BAD_SEMANTICS = "bad_semantics";

    static final String FEATURES_REQUEST = "{\"user_id\": \"user1\", \"features_for_prediction\": [0.5, 0.7, 0.3]}";
    static final String LOOKUP_REQUEST = "{\"user_id\": \"user2\"}";
    static final String EXPLAINED_REQUEST =
            "{\"user_id\": \"user1\", \"features_for_prediction\": [0.5, 0.7, 0.3], \"explain\": true}";
    static final String WRONG_COUNT_REQUEST = "{\"user_id\": \"user1\", \"features_for_prediction\": [0.5]}";
    static final String BLANK_USER_ID_REQUEST = "{\"user_id\": \" \"}";
    static final String UNKNOWN_USER_REQUEST = "{\"user_id\": \"nobody\"}";
    static final String AS_OF_REQUEST = "{\"user_id\": \"user2\", \"as_of\": \"2026-01-20T16:00:00Z\", "
            + "\"semantics\": \"event\"}";
    static final String FUTURE_AS_OF_REQUEST = "{\"user_id\": \"user2\", \"as_of\": \"2999-01-01T00:00:00Z\"}";
    static final String BAD_SEMANTICS_REQUEST = "{\"user_id\": \"user2\", \"semantics\": \"processing\"}";

    static final String FEATURES_RESPONSE = "{\"user_id\": \"user1\", \"prediction_score\": 0.61, "
            + "\"model_version\": \"1.0.0\", \"features\": {\"click\": 0.5, \"view\": 0.7, \"purchase\": 0.3}, "
            + "\"feature_source\": \"request\"}";
    static final String LOOKUP_RESPONSE = "{\"user_id\": \"user2\", \"prediction_score\": 0.43, "
            + "\"model_version\": \"1.0.0\", \"features\": {\"click\": 45.0, \"view\": 3.0, \"purchase\": null}, "
            + "\"feature_source\": \"feature_store\"}";
    static final String AS_OF_RESPONSE = "{\"user_id\": \"user2\", \"prediction_score\": 0.43, "
            + "\"model_version\": \"1.0.0\", \"features\": {\"click\": 45.0, \"view\": 3.0, \"purchase\": null}, "
            + "\"feature_source\": \"feature_store\", \"as_of\": \"2026-01-20T16:00:00Z\", \"semantics\": \"event\"}";
    static final String FUTURE_AS_OF_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400, "
            + "\"detail\": \"as_of 2999-01-01T00:00:00Z is in the future (now is 2026-01-20T15:30:00Z): features are only "
            + "known up to now\", \"instance\": \"/predict\", \"field\": \"as_of\"}";
    static final String BAD_SEMANTICS_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400, "
            + "\"detail\": \"semantics must be 'event' or 'arrival', got 'processing'\", \"instance\": \"/predict\", "
            + "\"field\": \"semantics\"}";
    static final String EXPLAINED_RESPONSE = "{\"user_id\": \"user1\", \"prediction_score\": 0.61, "
            + "\"model_version\": \"1.0.0\", \"features\": {\"click\": 0.5, \"view\": 0.7, \"purchase\": 0.3}, "
            + "\"feature_source\": \"request\", \"explanation\": {\"contributions\": "
            + "{\"click\": 0.09, \"view\": 2.43, \"purchase\": -2.45}, \"bias\": 0.02}}";
    static final String WRONG_COUNT_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400, "
            + "\"detail\": \"features_for_prediction: expected 3 features [click, view, purchase], got 1\", "
            + "\"instance\": \"/predict\", \"field\": \"features_for_prediction\"}";
    static final String BLANK_USER_ID_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400, "
            + "\"detail\": \"user_id must not be blank\", \"instance\": \"/predict\", \"field\": \"user_id\"}";
    static final String UNKNOWN_USER_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Not Found\", \"status\": 404, "
            + "\"detail\": \"user_id 'nobody' has no features [click, view, purchase] in the feature store\", "
            + "\"instance\": \"/predict\", \"field\": \"user_id\"}";
    static final String TOO_LARGE_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Request Entity Too Large\", "
            + "\"status\": 413, \"detail\": \"The content length [2000000] exceeds the maximum allowed content length "
            + "[1048576]\", \"instance\": \"/predict\"}";
    static final String WRONG_CONTENT_TYPE_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Unsupported Media Type\", "
            + "\"status\": 415, \"detail\": \"Content Type [text/plain] not allowed. Allowed types: [application/json]\", "
            + "\"instance\": \"/predict\"}";
    static final String UNAVAILABLE_RESPONSE = "{\"type\": \"about:blank\", \"title\": \"Service Unavailable\", "
            + "\"status\": 503, \"detail\": \"no model is loaded: model file model.json does not exist; create it with "
            + "'java -jar scoring-service.jar create-model --output model.json' or set MODEL_PATH\", "
            + "\"instance\": \"/predict\", \"request_id\": \"9f1c2a7e4b3d5c60\"}";

    private PredictExamples() {
    }
}
