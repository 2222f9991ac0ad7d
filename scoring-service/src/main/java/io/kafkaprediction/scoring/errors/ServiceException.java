package io.kafkaprediction.scoring.errors;

import io.micronaut.core.annotation.Nullable;

/**
 * A failure the service answers itself, with a status of its {@link Kind} and its message: bad
 * input, something not there, or a dependency not available. Mapped once, by
 * {@link ServiceExceptionHandler}; subclasses say what happened.
 */
public abstract class ServiceException extends RuntimeException {

    /** What went wrong, from the caller's side; the handler turns it into the HTTP status. */
    public enum Kind { BAD_REQUEST, NOT_FOUND, UNAVAILABLE }

    private final Kind kind;
    private final @Nullable String field;

    protected ServiceException(Kind kind, String message) {
        this(kind, message, (String) null);
    }

    /** Without a cause: no stack trace, as these are answers, not bugs. */
    protected ServiceException(Kind kind, String message, @Nullable String field) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    protected ServiceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.field = null;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, when one is. */
    public @Nullable String field() {
        return field;
    }
}
