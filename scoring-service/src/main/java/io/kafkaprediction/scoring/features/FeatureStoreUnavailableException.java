package io.kafkaprediction.scoring.features;

import io.kafkaprediction.scoring.errors.ServiceException;

/** Lookups are off or PostgreSQL cannot answer: answered with 503. */
public final class FeatureStoreUnavailableException extends ServiceException {

    public FeatureStoreUnavailableException(String message) {
        super(Kind.UNAVAILABLE, message);
    }

    public FeatureStoreUnavailableException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, message, cause);
    }
}
