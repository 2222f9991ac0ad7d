package io.kafkaprediction.scoring.model.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FloatMathTest {

    @Test
    void bothExpVariantsStayWithinOneUlpOfMathExp() {
        for (float x = -103f; x < 88.7f; x += 0.0137f) {
            float reference = (float) Math.exp(x);
            assertThat(Math.abs(FloatMath.expf(x) - reference)).as("expf(%s)", x).isLessThanOrEqualTo(Math.ulp(reference));
            assertThat(Math.abs(FloatMath.unfused(x) - reference)).as("unfused(%s)", x)
                    .isLessThanOrEqualTo(Math.ulp(reference));
        }
    }

    @Test
    void floatExpMatchesXgboostSigmoidOnKnownValues() {
        assertThat(FloatMath.sigmoid(0f)).isEqualTo(0.5f);
        // XGBoost clamps the exponent at 88.7, so a very negative margin gives a tiny non-zero score.
        assertThat(FloatMath.sigmoid(-200f)).isEqualTo(1.0f / (FloatMath.expf(88.7f) + 1.0f)).isPositive();
        assertThat(FloatMath.sigmoid(200f)).isEqualTo(1f);
        assertThat(FloatMath.expf(0f)).isEqualTo(1f);
        assertThat(FloatMath.expf(1f)).isEqualTo((float) Math.E);
        assertThat(FloatMath.expf(-120f)).isEqualTo(0f);
        assertThat(FloatMath.expf(100f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatMath.expf(Float.NaN)).isNaN();
    }
}
