package io.kafkaprediction.scoring.features.definitions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads model feature names as definitions.
 *
 * <p>{@code type:agg:window} and {@code type:age} are definitions; the event type may itself hold
 * colons ({@code page:view:count:1h}). A name is meant as a definition when its last part looks
 * like a window (starts with a digit or a sign) or names a known aggregation ({@code count},
 * {@code age}, ...); such a name must be valid, or the model is refused. Any other name
 * ({@code click}, {@code page:view}) is a plain event type, as it always was.
 */
public final class FeatureDefinitions {

    /** Longest window accepted: ten years, far beyond any retention, and safe from overflow. */
    static final Duration MAX_WINDOW = Duration.ofDays(3650);

    private static final Pattern WINDOW = Pattern.compile("([0-9]+)([smhd])");

    private FeatureDefinitions() {
    }

    /** @throws InvalidFeatureDefinitionException naming the first bad feature and why */
    public static List<FeatureDefinition> parseAll(List<String> featureNames) {
        List<FeatureDefinition> definitions = new ArrayList<>(featureNames.size());
        for (String name : featureNames) {
            definitions.add(parse(name));
        }
        return List.copyOf(definitions);
    }

    /** @throws InvalidFeatureDefinitionException when the name is meant as a definition but is not valid */
    public static FeatureDefinition parse(String name) {
        int last = name.lastIndexOf(':');
        if (last < 0) {
            return FeatureDefinition.latest(name);
        }
        String tail = name.substring(last + 1);
        String head = name.substring(0, last);
        if (tail.equals(Aggregation.AGE.word())) {
            return new FeatureDefinition(name, eventType(name, head), Aggregation.AGE, null);
        }
        Optional<Aggregation> bare = Aggregation.byWord(tail);
        if (bare.isPresent()) {
            throw new InvalidFeatureDefinitionException(name, "aggregation '" + tail
                    + "' needs a window: write " + head + ":" + tail + ":1h (units s, m, h, d)");
        }
        if (!looksLikeWindow(tail)) {
            return FeatureDefinition.latest(name);
        }
        int middle = head.lastIndexOf(':');
        if (middle < 0) {
            throw new InvalidFeatureDefinitionException(name, "a window '" + tail
                    + "' needs an aggregation: write event_type:aggregation:window, aggregation one of "
                    + Aggregation.windowedWords());
        }
        String word = head.substring(middle + 1);
        String eventType = eventType(name, head.substring(0, middle));
        Aggregation aggregation = Aggregation.byWord(word).orElseThrow(() -> new InvalidFeatureDefinitionException(
                name, "unknown aggregation '" + word + "': use one of " + Aggregation.windowedWords()));
        if (!aggregation.windowed()) {
            throw new InvalidFeatureDefinitionException(name, "aggregation '" + word + "' takes no window: write "
                    + eventType + ":" + word);
        }
        return new FeatureDefinition(name, eventType, aggregation, window(name, tail));
    }

    private static boolean looksLikeWindow(String tail) {
        return !tail.isEmpty() && (Character.isDigit(tail.charAt(0)) || tail.charAt(0) == '-' || tail.charAt(0) == '+');
    }

    private static String eventType(String name, String eventType) {
        if (eventType.isBlank()) {
            throw new InvalidFeatureDefinitionException(name, "the event type before the first ':' is empty");
        }
        return eventType;
    }

    private static Duration window(String name, String text) {
        Matcher m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw new InvalidFeatureDefinitionException(name, "bad window '" + text
                    + "': a positive whole number and a unit s, m, h or d, e.g. 30m or 7d");
        }
        String digits = m.group(1);
        Duration unit = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        long maxCount = MAX_WINDOW.dividedBy(unit);
        // Compared as text first: "99999999999999999999d" must not overflow the parse.
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        long count = trimmed.length() > 12 ? Long.MAX_VALUE : Long.parseLong(trimmed);
        if (count == 0) {
            throw new InvalidFeatureDefinitionException(name, "bad window '" + text + "': it must be positive");
        }
        if (count > maxCount) {
            throw new InvalidFeatureDefinitionException(name, "bad window '" + text + "': at most " + maxCount
                    + m.group(2) + " (ten years)");
        }
        return unit.multipliedBy(count);
    }
}
