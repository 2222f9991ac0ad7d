package io.kafkaprediction.transforms;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one rule for numbers a double cannot hold exactly, used by {@link FeatureEventReader} for
 * {@code value} and by {@link FeatureEventJsonConverter} for every JSON number, where the
 * digits as written are still known.
 *
 * <p>A number is accepted iff its nearest double is finite, is non-zero when the number is, and,
 * when the number is an integer (a JSON integer literal, a Connect INT8-INT64), equals it. The
 * nearest double is what is stored, so decimals round as in any DOUBLE PRECISION column
 * (0.1 lands as 0.1000000000000000055...). -0.0 is a double and is accepted.
 *
 * <p>Why refuse an inexact integer instead of rounding it: an integer literal claims an exact
 * quantity, and its nearest double is another integer (9007199254740993 would land as
 * 9007199254740992) with no trace of the change; the same reason the converter refuses integers
 * beyond 64 bits, so every integer a double cannot hold now gets the same answer. A producer for
 * which rounding is fine says so by writing a decimal (9007199254740993.0). Why refuse
 * 1e-400: it is not zero, but would be stored as 0, a different value the model would score.
 */
final class FeatureValues {

    /** Every integer of at most this magnitude is a double exactly. */
    static final long EXACT_INTEGER_LIMIT = 1L << 53;

    static final String NOT_FINITE = "expected a finite number";
    static final String UNDERFLOW = "expected a number a double can hold: non-zero but below "
            + Double.MIN_VALUE + " in magnitude, it would be stored as 0";

    private FeatureValues() {
    }

    /**
     * Why a Connect or JSON number cannot be a feature value, or null if it can. Integers are
     * Long, Integer, Short, Byte and BigInteger; a BigDecimal (Connect Decimal) is a decimal.
     */
    static String problem(Number number) {
        if (number instanceof Double || number instanceof Float) {
            return Double.isFinite(number.doubleValue()) ? null : NOT_FINITE;
        }
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            long n = number.longValue();
            return -EXACT_INTEGER_LIMIT <= n && n <= EXACT_INTEGER_LIMIT ? null
                    : problem(BigDecimal.valueOf(n), true);
        }
        if (number instanceof BigInteger integer) {
            return problem(new BigDecimal(integer), true);
        }
        if (number instanceof BigDecimal decimal) {
            return problem(decimal, false);
        }
        return Double.isFinite(number.doubleValue()) ? null : NOT_FINITE;
    }

    /** The rule on the exact number; {@code integer}: it was written or typed as an integer. */
    static String problem(BigDecimal exact, boolean integer) {
        double nearest = exact.doubleValue();
        if (!Double.isFinite(nearest)) {
            return NOT_FINITE;
        }
        if (nearest == 0 && exact.signum() != 0) {
            return UNDERFLOW;
        }
        if (integer && new BigDecimal(nearest).compareTo(exact) != 0) {
            return "expected an integer a double holds exactly (any up to 2^53 = " + EXACT_INTEGER_LIMIT
                    + " in magnitude); to accept the nearest double " + nearest + ", write it as a decimal ("
                    + FeatureEventReader.cut(exact.toPlainString()) + ".0)";
        }
        return null;
    }
}
