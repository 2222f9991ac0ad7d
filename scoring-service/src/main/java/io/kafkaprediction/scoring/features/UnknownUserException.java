package io.kafkaprediction.scoring.features;

import io.kafkaprediction.scoring.errors.ServiceException;

/** The user has none of the model's features in the store: answered with 404 naming {@code user_id}. */
public final class UnknownUserException extends ServiceException {

    public UnknownUserException(String message) {
        super(Kind.NOT_FOUND, message, "user_id");
    }
}
