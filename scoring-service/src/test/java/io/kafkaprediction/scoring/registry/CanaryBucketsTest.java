package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class CanaryBucketsTest {

    @Test
    void bucketIsTheUnsignedMurmur3OfTheUtf8IdModulo10000() {
        for (String id : new String[] {"user1", "user2", "ünïcode-user", "x".repeat(255)}) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            long unsigned = Integer.toUnsignedLong(MurmurHash3.hash32x86(bytes, 0, bytes.length, 0));
            assertThat(CanaryBuckets.bucket(id)).as(id).isEqualTo((int) (unsigned % 10_000)).isBetween(0, 9_999);
        }
    }

    @Test
    void knownVectorPinsTheHashAcrossReleases() {
        // MurmurHash3_x86_32("hello", seed 0) = 0x248bfa47 in the reference implementation (smhasher).
        assertThat(MurmurHash3.hash32x86("hello".getBytes(StandardCharsets.UTF_8), 0, 5, 0)).isEqualTo(0x248bfa47);
        assertThat(CanaryBuckets.bucket("hello")).isEqualTo((int) (0x248bfa47L % 10_000));
    }

    @Test
    void percentBecomesBuckets() {
        assertThat(CanaryBuckets.threshold(0)).isZero();
        assertThat(CanaryBuckets.threshold(10)).isEqualTo(1_000);
        assertThat(CanaryBuckets.threshold(0.25)).isEqualTo(25);
        assertThat(CanaryBuckets.threshold(100)).isEqualTo(10_000);
    }
}
