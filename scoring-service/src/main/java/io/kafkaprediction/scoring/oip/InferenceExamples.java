package io.kafkaprediction.scoring.oip;

/**
 * Named examples of the {@code /v2} error cases for the OpenAPI document. A parameter or request
 * example and a response example with the same name belong together: the contract test sends the
 * one and expects the status under which the other is documented.
 */
final class InferenceExamples {

    static final String SERVED_MODEL = "served_model";
    static final String UNKNOWN_MODEL = "unknown_model";
    static final String WRONG_SHAPE = "wrong_shape";
    static final String UNAVAILABLE = "no_model";
    static final String SERVED_VERSION = "served_version";
    static final String UNKNOWN_VERSION = "unknown_version";

    static final String UNKNOWN_MODEL_RESPONSE = "{\"error\": \"model 'other' is not served here; this server serves 'model'\"}";
    static final String UNKNOWN_VERSION_RESPONSE =
            "{\"error\": \"model 'model' has no version '9'; loaded versions: [3, 4, 5]\"}";
    static final String WRONG_SHAPE_REQUEST = "{\"id\": \"43\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 2], "
            + "\"datatype\": \"FP32\", \"data\": [0.5, 0.7]}]}";
    static final String WRONG_SHAPE_RESPONSE =
            "{\"error\": \"inputs[0].shape must be [N, 3] (features [click, view, purchase]), got [1, 2]\"}";
    static final String UNAVAILABLE_RESPONSE = "{\"error\": \"no model is loaded: model file model.json does not exist; "
            + "create it with 'java -jar scoring-service.jar create-model --output model.json' or set MODEL_PATH "
            + "(request_id 9f1c2a7e4b3d5c60)\"}";
    static final String NOT_READY_RESPONSE = "{\"error\": \"not ready: no model loaded: model file model.json does not "
            + "exist; create it with 'java -jar scoring-service.jar create-model --output model.json' or set MODEL_PATH\"}";

    private static final String METADATA_HEAD = "{\"name\": \"model\", \"platform\": \"xgboost\", "
            + "\"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP32\", \"shape\": [-1, 3]}], "
            + "\"outputs\": [{\"name\": \"predict\", \"datatype\": \"FP32\", \"shape\": [-1]}], "
            + "\"feature_names\": [\"click\", \"view\", \"purchase\"], \"objective\": \"binary:logistic\", "
            + "\"engine\": \"tree-walk\", ";
    /** What {@code train} records; each example closes it with the version it shows. */
    private static final String TRAINED_ATTRIBUTES = "\"attributes\": {\"feature_definitions\": \"click,view,purchase\", "
            + "\"training_set_from\": \"2026-01-13T00:00:00Z\", \"training_set_to\": \"2026-01-19T23:59:00Z\", "
            + "\"training_set_rows\": \"12000\", \"validation_rows\": \"2400\", \"train_logloss\": \"0.412\", "
            + "\"train_auc\": \"0.861\", \"validation_logloss\": \"0.437\", \"validation_auc\": \"0.842\", ";
    private static final String RELOAD_WITH_ERROR = "\"reload\": {\"loaded_at\": \"2026-01-20T15:00:00Z\", "
            + "\"last_check_at\": \"2026-01-20T15:05:00Z\", \"last_error\": "
            + "\"not an XGBoost model: the document has no 'learner' object\", \"last_error_at\": \"2026-01-20T15:04:58Z\", "
            + "\"reloads\": 1, \"reload_failures\": 1}";
    static final String MODEL_METADATA = METADATA_HEAD + TRAINED_ATTRIBUTES + "\"version\": \"1.0.0\"}, "
            + "\"versions\": [\"1.0.0\"], \"source\": \"model.json\", "
            + RELOAD_WITH_ERROR + "}";
    static final String VERSION_METADATA = METADATA_HEAD + TRAINED_ATTRIBUTES + "\"version\": \"4\"}, "
            + "\"versions\": [\"4\"], "
            + "\"source\": \"models/model/4/model.json\", " + RELOAD_WITH_ERROR + "}";
    static final String REPOSITORY_METADATA = METADATA_HEAD + TRAINED_ATTRIBUTES + "\"version\": \"3\"}, "
            + "\"versions\": [\"3\", \"4\", \"5\"], "
            + "\"source\": \"models/model/3/model.json\", " + RELOAD_WITH_ERROR + ", \"routing\": {\"source\": "
            + "\"models/model/routing.json\", \"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": 10.0}, "
            + "\"shadow\": \"5\", \"last_error\": \"canary.version names version '6', which is not loaded; "
            + "loaded versions: [3, 4, 5]; the previous routing stays (primary 3)\", "
            + "\"last_error_at\": \"2026-01-20T15:04:00Z\", \"retained\": {}}}";

    /** A two-row batch, sent to a model and to a version alike. */
    static final String INFER_REQUEST = "{\"id\": \"42\", \"inputs\": [{\"name\": \"input-0\", "
            + "\"shape\": [2, 3], \"datatype\": \"FP32\", \"data\": [0.5, 0.7, 0.3, 0.1, 0.2, 0.0]}]}";
    static final String MODEL_READY_RESPONSE = "{\"name\": \"model\", \"ready\": true}";

    private InferenceExamples() {
    }
}
