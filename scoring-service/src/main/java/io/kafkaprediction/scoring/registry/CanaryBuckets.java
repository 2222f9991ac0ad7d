package io.kafkaprediction.scoring.registry;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Puts every {@code user_id} in one of 10 000 buckets, the same bucket on every call and on every
 * replica: MurmurHash3 x86_32 (seed 0) of its UTF-8 bytes, unsigned, modulo 10 000. A canary of
 * {@code percent} takes the buckets below {@code percent × 100}, so raising the percentage only
 * adds users to the canary, it never moves one back.
 */
public final class CanaryBuckets {

    public static final int BUCKETS = 10_000;

    private CanaryBuckets() {
    }

    public static int bucket(String userId) {
        byte[] bytes = userId.getBytes(StandardCharsets.UTF_8);
        int hash = MurmurHash3.hash32x86(bytes, 0, bytes.length, 0);
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }

    /** The first bucket outside a canary of {@code percent} (0 to 100, two decimals count). */
    static int threshold(double percent) {
        return (int) Math.round(percent * BUCKETS / 100.0);
    }
}
