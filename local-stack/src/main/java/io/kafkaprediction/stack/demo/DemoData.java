package io.kafkaprediction.stack.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic shop traffic with a hidden purchase propensity, for training a model on the stack's
 * own events. Each user browses in the background (isolated views and clicks) and now and then
 * goes on a shopping spree: a burst of views and clicks over 30 minutes to 3 hours, followed with a
 * probability that rises with the spree's clicks and views by a purchase an hour or two later.
 * So whether a user buys in the next hours shows in their recent activity (windowed counts), while
 * the value of their latest event (a dwell time, a price, an amount, all drawn independently) says
 * almost nothing.
 *
 * <p>Deterministic: the same settings give the same events and labels. Each user draws from their
 * own random stream, so users can be generated one at a time (memory stays flat) and in any order.
 */
public final class DemoData {
    public static final String CLICK = "click";
    public static final String VIEW = "view";
    public static final String PURCHASE = "purchase";

    private static final double BACKGROUND_EVENTS_PER_DAY = 2.0;
    private static final double SPREES_PER_DAY = 0.7;

    /**
     * @param users          how many users ({@code user00000} ...)
     * @param days           the events fall in (end − days, end]
     * @param seed           the random seed
     * @param end            the latest possible event time (the command uses now)
     * @param horizon        a label says whether the user purchased in (timestamp, timestamp + horizon]
     * @param labelsPerUser  label rows per user, at random instants after the first day (so windows
     *                       have history) and at least a horizon before {@code end} (so labels are known)
     */
    public record Settings(int users, int days, long seed, Instant end, Duration horizon, int labelsPerUser) {
        public Settings {
            if (users < 1) {
                throw new IllegalArgumentException("--users must be at least 1, got " + users);
            }
            if (days < 2) {
                throw new IllegalArgumentException("--days must be at least 2 (the first day is history only), got " + days);
            }
            if (labelsPerUser < 1) {
                throw new IllegalArgumentException("--labels-per-user must be at least 1, got " + labelsPerUser);
            }
            if (horizon.isNegative() || horizon.isZero() || horizon.compareTo(Duration.ofDays(days - 1)) >= 0) {
                throw new IllegalArgumentException("--horizon must be positive and shorter than " + (days - 1)
                        + " days, got " + horizon);
            }
            end = end.truncatedTo(ChronoUnit.MILLIS);
        }

        Instant start() {
            return end.minus(Duration.ofDays(days));
        }
    }

    /** One event as produced to {@code raw_data_events}. */
    public record Event(String userId, String eventType, double value, Instant timestamp) {
    }

    /** One row of the labels CSV. */
    public record Label(String userId, Instant timestamp, int label) {
    }

    /** A user's events (by time) and label rows (by time). */
    public record User(String userId, List<Event> events, List<Label> labels) {
    }

    private final Settings settings;

    public DemoData(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public static String userId(int index) {
        return String.format("user%05d", index);
    }

    /** The events and labels of user {@code index} (0 ≤ index < users). */
    public User user(int index) {
        // A stream per user, split off deterministically: user i is the same whatever else is generated.
        SplittableRandom random = new SplittableRandom(settings.seed() * 1_000_003L + index);
        String userId = userId(index);
        Instant start = settings.start();
        long spanMillis = Duration.ofDays(settings.days()).toMillis();
        Timeline timeline = new Timeline(userId);

        double activity = Math.exp(0.5 * random.nextGaussian());
        int background = poisson(random, BACKGROUND_EVENTS_PER_DAY * settings.days() * activity);
        for (int i = 0; i < background; i++) {
            Instant at = start.plusMillis(1 + random.nextLong(spanMillis));
            if (random.nextDouble() < 0.7) {
                timeline.add(VIEW, dwellSeconds(random), at);
            } else {
                timeline.add(CLICK, price(random), at);
            }
        }
        double interest = random.nextDouble();
        int sprees = poisson(random, SPREES_PER_DAY * settings.days());
        for (int s = 0; s < sprees; s++) {
            Instant from = start.plusMillis(1 + random.nextLong(spanMillis));
            long length = Duration.ofMinutes(30 + random.nextInt(151)).toMillis();
            int views = 3 + poisson(random, 6);
            int clicks = poisson(random, 1 + 3 * interest);
            for (int i = 0; i < views; i++) {
                timeline.add(VIEW, dwellSeconds(random), from.plusMillis(random.nextLong(length)));
            }
            for (int i = 0; i < clicks; i++) {
                timeline.add(CLICK, price(random), from.plusMillis(random.nextLong(length)));
            }
            if (random.nextDouble() < purchaseProbability(clicks, views)) {
                long delay = (long) (-Math.log(1 - random.nextDouble()) * Duration.ofMinutes(90).toMillis());
                timeline.add(PURCHASE, amount(random), from.plusMillis(length + delay));
            }
        }
        List<Event> events = timeline.events();

        Instant firstLabel = start.plus(Duration.ofDays(1));
        long labelSpan = Duration.between(firstLabel, settings.end().minus(settings.horizon())).toMillis();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < settings.labelsPerUser(); i++) {
            Instant t = firstLabel.plusMillis(random.nextLong(labelSpan + 1)).truncatedTo(ChronoUnit.SECONDS);
            labels.add(new Label(userId, t, label(events, t, settings.horizon())));
        }
        labels.sort(Comparator.comparing(Label::timestamp));
        return new User(userId, events, labels);
    }

    /** The hidden propensity: a spree's clicks (and, less, its views) make a purchase after it likelier. */
    static double purchaseProbability(int clicks, int views) {
        return 1 / (1 + Math.exp(-(-1.8 + 0.45 * clicks + 0.08 * views)));
    }

    /** 1 when {@code events} hold a purchase with time in (t, t + horizon], else 0. */
    public static int label(List<Event> events, Instant t, Duration horizon) {
        Instant until = t.plus(horizon);
        for (Event e : events) {
            if (e.eventType().equals(PURCHASE) && e.timestamp().isAfter(t) && !e.timestamp().isAfter(until)) {
                return 1;
            }
        }
        return 0;
    }

    private static double dwellSeconds(SplittableRandom random) {
        return Math.round((2 + random.nextDouble() * 298) * 10) / 10.0;
    }

    private static double price(SplittableRandom random) {
        return Math.round(Math.exp(3 + 0.8 * random.nextGaussian()) * 100) / 100.0;
    }

    private static double amount(SplittableRandom random) {
        return Math.round(Math.exp(3.5 + 0.6 * random.nextGaussian()) * 100) / 100.0;
    }

    private static int poisson(SplittableRandom random, double mean) {
        // Knuth's method; the means here are small (at most a few dozen).
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    /**
     * A user's events up to {@code end}, one per (event type, millisecond): the table's natural key,
     * so a second event at the same instant would overwrite the first instead of adding a row.
     */
    private final class Timeline {
        private final String userId;
        private final List<Event> events = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();

        Timeline(String userId) {
            this.userId = userId;
        }

        void add(String type, double value, Instant at) {
            Instant t = at;
            while (!keys.add(type + "@" + t.toEpochMilli())) {
                t = t.plusMillis(1);
            }
            if (!t.isAfter(settings.end())) {
                events.add(new Event(userId, type, value, t));
            }
        }

        List<Event> events() {
            events.sort(Comparator.comparing(Event::timestamp).thenComparing(Event::eventType));
            return events;
        }
    }
}
