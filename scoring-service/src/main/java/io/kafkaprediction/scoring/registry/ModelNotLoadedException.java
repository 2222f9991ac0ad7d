package io.kafkaprediction.scoring.registry;

import io.kafkaprediction.scoring.errors.ServiceException;

/** No model is serving yet (file missing or never loaded): answered with 503. */
public final class ModelNotLoadedException extends ServiceException {

    public ModelNotLoadedException(String message) {
        super(Kind.UNAVAILABLE, message);
    }
}
