package io.kafkaprediction.stack;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code FEATURE_RETENTION}: how long {@code user_features} keeps rows, written as the validation
 * transform's {@code retention} option reads it ({@code 90d}, {@code 12h}, ...). The same text goes to
 * the transform; the maintenance hands the duration to {@code feature_store_maintain()} as an interval.
 * (The transform's own parser lives in the Connect plugin, which this module does not load.)
 */
public record FeatureRetention(String text, Duration duration) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    public static FeatureRetention parse(String text) {
        return parse("FEATURE_RETENTION", text);
    }

    /** {@code variable} names the setting in the error message. */
    public static FeatureRetention parse(String variable, String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(variable + "=" + text
                    + ": expected a whole number and a unit (ms, s, m, h, d), e.g. 90d; unset keeps the default");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(variable + "=" + text + ": must be more than zero");
        }
        return new FeatureRetention(m.group(0), d);
    }

    /** The PostgreSQL interval literal, exact to the millisecond. */
    public String sqlInterval() {
        return duration.toMillis() + " milliseconds";
    }
}
