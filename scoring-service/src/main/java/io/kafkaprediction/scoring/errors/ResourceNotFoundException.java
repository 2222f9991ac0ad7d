package io.kafkaprediction.scoring.errors;

/** A named resource (e.g. an OIP model name) that this server does not have: 404. */
public final class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message, null, false, false);
    }
}
