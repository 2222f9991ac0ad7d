package io.kafkaprediction.scoring.features;

/** Lookups are off or PostgreSQL cannot answer: answered with 503. */
public final class FeatureStoreUnavailableException extends RuntimeException {

    public FeatureStoreUnavailableException(String message) {
        super(message);
    }

    public FeatureStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
