package io.kafkaprediction.scoring.errors;

import io.micronaut.core.annotation.Nullable;

/** Bad input: answered with 400 and a body naming {@link #field()}. */
public final class InvalidRequestException extends RuntimeException {

    private final @Nullable String field;

    public InvalidRequestException(@Nullable String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public @Nullable String field() {
        return field;
    }
}
