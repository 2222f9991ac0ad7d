package io.kafkaprediction.scoring.features.definitions;

/** A feature name that is meant as a definition but is not a valid one; the message names it and why. */
public final class InvalidFeatureDefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String featureName;

    InvalidFeatureDefinitionException(String featureName, String reason) {
        super("feature '" + featureName + "': " + reason);
        this.featureName = featureName;
    }

    public String featureName() {
        return featureName;
    }
}
