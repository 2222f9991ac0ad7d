package io.kafkaprediction.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    private static long viaFormatter(String s) {
        try {
            return Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(s)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return IsoInstants.NOT_AN_INSTANT;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-20T15:00:00Z", "2026-01-20T15:00:00.1Z", "2026-01-20T15:00:00.12Z",
        "2026-01-20T15:00:00.123456789Z", "2026-01-20T15:00:00.1234567890Z", "2026-01-20T15:00:00.Z",
        "2026-01-20T17:00:00+02:00", "2026-01-20T10:30:00-04:30", "2026-01-20T15:00:00-00:00", "2026-01-20T15:00:00+18:00",
        "2026-01-20T15:00:00+18:01", "2026-01-20T15:00:00+02:60", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-20T23:59:60Z", "2026-01-20T24:00:00Z",
        "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-01-20t15:00:00z",
        "2026-01-20T15:00Z", "2026-01-20T15:00:00+0200", "2026-01-20T15:00:00+02", "2026-01-20 15:00:00Z",
        "2026-01-20T15:00:00", "+12026-01-20T15:00:00Z", "-0001-01-20T15:00:00Z", "2026-1-20T15:00:00Z", "２026-01-20T15:00:00Z",
        "2026-01-20T15:00:00ZZ", "2026-01-20T15:00:00+02:00x", ""})
    void parsesExactlyWhatTheIsoFormatterParses(String s) {
        assertThat(IsoInstants.parseEpochMillis(s)).isEqualTo(viaFormatter(s));
    }

    @Test
    void agreesWithTheFormatterOnRandomInstantsAndOffsets() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(IsoInstants.MIN_EPOCH_MILLIS, IsoInstants.MAX_EPOCH_MILLIS);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String s = Instant.ofEpochMilli(millis).atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(IsoInstants.parseEpochMillis(s)).as(s).isEqualTo(millis);
        }
    }

    @Test
    void formatsUtcWithMillisecondsThatTheFormatterReadsBack() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(IsoInstants.MIN_EPOCH_MILLIS, IsoInstants.MAX_EPOCH_MILLIS + 1);
            String s = IsoInstants.formatUtcMillis(millis);
            assertThat(s).hasSize(24).endsWith("Z");
            assertThat(viaFormatter(s)).as(s).isEqualTo(millis);
        }
        assertThat(IsoInstants.formatUtcMillis(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(IsoInstants.formatUtcMillis(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(IsoInstants.formatUtcMillis(IsoInstants.MIN_EPOCH_MILLIS)).isEqualTo("0001-01-01T00:00:00.000Z");
        assertThat(IsoInstants.formatUtcMillis(IsoInstants.MAX_EPOCH_MILLIS)).isEqualTo("9999-12-31T23:59:59.999Z");
    }
}
