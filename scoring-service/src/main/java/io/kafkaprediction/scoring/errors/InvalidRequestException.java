package io.kafkaprediction.scoring.errors;

import io.micronaut.core.annotation.Nullable;

/** Bad input: answered with 400 and a body naming {@link #field()}. */
public final class InvalidRequestException extends ServiceException {

    public InvalidRequestException(@Nullable String field, String message) {
        super(Kind.BAD_REQUEST, message, field);
    }
}
