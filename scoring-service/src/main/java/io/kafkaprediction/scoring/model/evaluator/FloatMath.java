package io.kafkaprediction.scoring.model.evaluator;

/**
 * {@code expf} as glibc computes it, so the sigmoid matches XGBoost's native {@code expf} call
 * bit for bit; {@code (float) Math.exp(x)} differs in the last bit for about 1 float in 13 000.
 *
 * <p>The algorithm is the published one of glibc's and musl's {@code expf} (Arm
 * optimized-routines, MIT): {@code x·32/ln2 = k + r}, {@code 2^(k/32)} from a 32-entry table of
 * bit patterns, a cubic in {@code r}, all in double, rounded to float once. The fused
 * multiply-adds mirror glibc's x86-64 build for CPUs with FMA (the variant its ifunc picks on
 * this machine); checked equal to libm's {@code expf} for every float in [-110, 88.7]. Without
 * FMA hardware (the JVM's UseFMA is off) glibc runs the unfused variant, and so does this class,
 * which also avoids the JVM's slow software {@link Math#fma}.
 */
final class FloatMath {

    private static final int TABLE_BITS = 5;
    private static final double N = 1 << TABLE_BITS;
    private static final double INV_LN2_N = 0x1.71547652b82fep+0 * N;
    private static final double SHIFT = 0x1.8p+52;
    private static final double C0 = 0x1.c6af84b912394p-5 / N / N / N;
    private static final double C1 = 0x1.ebfce50fac4f3p-3 / N / N;
    private static final double C2 = 0x1.62e42ff0c52d6p-1 / N;
    /** Bits of 2^(i/32), minus i << (52 - 5) so that adding k << 47 also sets the exponent. */
    private static final long[] TABLE = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L,
    };
    private static final float OVERFLOW_ABOVE = 0x1.62e42ep6f;
    private static final float UNDERFLOW_BELOW = -0x1.9fe368p6f;
    private static final boolean FMA = hardwareFma();

    private FloatMath() {
    }

    static float expf(float x) {
        if (Math.abs(x) >= 88.0f || x != x) {
            if (x != x || x == Float.POSITIVE_INFINITY) {
                return x;
            }
            if (x > OVERFLOW_ABOVE) {
                return Float.POSITIVE_INFINITY;
            }
            if (x < UNDERFLOW_BELOW) {
                return 0.0f;
            }
        }
        return FMA ? fused(x) : unfused(x);
    }

    private static float fused(float x) {
        double xd = x;
        double kd = Math.fma(INV_LN2_N, xd, SHIFT);
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = Math.fma(INV_LN2_N, xd, -kd);
        double s = scale(ki);
        double z = Math.fma(C0, r, C1);
        double r2 = r * r;
        double y = Math.fma(C2, r, 1.0);
        y = Math.fma(z, r2, y);
        return (float) (y * s);
    }

    static float unfused(float x) {
        double xd = x;
        double z = INV_LN2_N * xd;
        double kd = z + SHIFT;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = z - kd;
        double s = scale(ki);
        double p = C0 * r + C1;
        double r2 = r * r;
        double y = C2 * r + 1.0;
        y = p * r2 + y;
        return (float) (y * s);
    }

    /** 2^(k/32) from the table entry of k mod 32 plus k's whole part in the exponent bits. */
    private static double scale(long ki) {
        return Double.longBitsToDouble(TABLE[(int) (ki & (TABLE.length - 1))] + (ki << (52 - TABLE_BITS)));
    }

    private static boolean hardwareFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** XGBoost's {@code common::Sigmoid(float)}: the same float operations in the same order. */
    static float sigmoid(float x) {
        float negated = Math.min(-x, 88.7f);
        float denominator = expf(negated) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }
}
