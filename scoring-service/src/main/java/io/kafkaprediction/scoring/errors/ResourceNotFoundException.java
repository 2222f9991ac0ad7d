package io.kafkaprediction.scoring.errors;

/** A named resource (e.g. an OIP model name or version) that this server does not have: 404. */
public final class ResourceNotFoundException extends ServiceException {

    public ResourceNotFoundException(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
