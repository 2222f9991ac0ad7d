package io.kafkaprediction.scoring.features;

/** The user has none of the model's features in the store: answered with 404. */
public final class UnknownUserException extends RuntimeException {

    public UnknownUserException(String message) {
        super(message, null, false, false);
    }
}
