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

    static final String UNKNOWN_MODEL_RESPONSE = "{\"error\": \"model 'other' is not served here; this server serves 'model'\"}";
    static final String WRONG_SHAPE_REQUEST = "{\"id\": \"43\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 2], "
            + "\"datatype\": \"FP32\", \"data\": [0.5, 0.7]}]}";
    static final String WRONG_SHAPE_RESPONSE =
            "{\"error\": \"inputs[0].shape must be [N, 3] (features [click, view, purchase]), got [1, 2]\"}";
    static final String UNAVAILABLE_RESPONSE = "{\"error\": \"no model is loaded: model file model.json does not exist; "
            + "create it with 'java -jar scoring-service.jar create-model --output model.json' or set MODEL_PATH\"}";
    static final String NOT_READY_RESPONSE = "{\"error\": \"not ready: no model loaded: model file model.json does not "
            + "exist; create it with 'java -jar scoring-service.jar create-model --output model.json' or set MODEL_PATH\"}";

    private InferenceExamples() {
    }
}
