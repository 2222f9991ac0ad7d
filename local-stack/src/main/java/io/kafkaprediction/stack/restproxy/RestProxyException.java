package io.kafkaprediction.stack.restproxy;

/** An error answered with Confluent's body shape: {@code {"error_code":40401,"message":"..."}}. */
public final class RestProxyException extends RuntimeException {
    public static final int TOPIC_NOT_FOUND = 40401;
    public static final int PARTITION_NOT_FOUND = 40402;
    public static final int INVALID_PARTITION = 42202;
    public static final int MALFORMED_REQUEST = 42203;
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    public static final int BODY_TOO_LARGE = 413;
    public static final int KAFKA_ERROR = 50002;

    private final int status;
    private final int errorCode;

    public RestProxyException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    static RestProxyException topicNotFound(String topic) {
        return new RestProxyException(404, TOPIC_NOT_FOUND, "Topic " + topic + " not found.");
    }

    static RestProxyException malformed(String message) {
        return new RestProxyException(422, MALFORMED_REQUEST, message);
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
