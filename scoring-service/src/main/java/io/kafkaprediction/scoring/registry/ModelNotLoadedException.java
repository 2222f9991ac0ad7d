package io.kafkaprediction.scoring.registry;

/** No model is serving yet (file missing or never loaded): answered with 503. */
public final class ModelNotLoadedException extends RuntimeException {

    public ModelNotLoadedException(String message) {
        super(message, null, false, false);
    }
}
