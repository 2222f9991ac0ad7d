package io.kafkaprediction.stack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DemoDataTest {
    private static final Instant END = Instant.parse("2026-12-01T12:00:00.123Z");
    private static final DemoData.Settings SETTINGS = new DemoData.Settings(1000, 7, 42, END, Duration.ofHours(6), 5);

    @Test
    void labelsSayWhetherTheUserPurchasedWithinTheHorizonAfterTheirTimestamp() {
        DemoData data = new DemoData(SETTINGS);
        int checked = 0;
        for (int i = 0; i < 200; i++) {
            DemoData.User user = data.user(i);
            for (DemoData.Label label : user.labels()) {
                Instant until = label.timestamp().plus(SETTINGS.horizon());
                boolean purchased = user.events().stream().anyMatch(e -> e.eventType().equals(DemoData.PURCHASE)
                        && e.timestamp().compareTo(label.timestamp()) > 0 && e.timestamp().compareTo(until) <= 0);
                assertThat(label.label()).as("%s at %s", user.userId(), label.timestamp()).isEqualTo(purchased ? 1 : 0);
                assertThat(label.timestamp()).isAfterOrEqualTo(END.minus(Duration.ofDays(6)))
                        .isBeforeOrEqualTo(END.minus(SETTINGS.horizon()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(1000);
    }

    @Test
    void theWindowIsExclusiveOfTheTimestampAndInclusiveOfTheHorizonEnd() {
        Instant t = Instant.parse("2026-11-28T10:00:00Z");
        Duration h = Duration.ofHours(6);
        assertThat(DemoData.label(List.of(purchase(t)), t, h)).isZero();
        assertThat(DemoData.label(List.of(purchase(t.plusMillis(1))), t, h)).isOne();
        assertThat(DemoData.label(List.of(purchase(t.plus(h))), t, h)).isOne();
        assertThat(DemoData.label(List.of(purchase(t.plus(h).plusMillis(1))), t, h)).isZero();
        assertThat(DemoData.label(List.of(new DemoData.Event("u", DemoData.CLICK, 1, t.plusSeconds(60))), t, h)).isZero();
    }

    @Test
    void eventsArePastDistinctPerNaturalKeyAndOfTheThreeTypes() {
        DemoData data = new DemoData(SETTINGS);
        Set<String> types = new HashSet<>();
        int events = 0;
        for (int i = 0; i < SETTINGS.users(); i++) {
            DemoData.User user = data.user(i);
            Set<String> keys = new HashSet<>();
            for (DemoData.Event e : user.events()) {
                assertThat(e.userId()).isEqualTo(DemoData.userId(i));
                assertThat(e.timestamp()).isAfter(END.minus(Duration.ofDays(7))).isBeforeOrEqualTo(END);
                assertThat(keys.add(e.eventType() + "@" + e.timestamp().toEpochMilli())).as("key of %s", e).isTrue();
                assertThat(e.value()).isPositive();
                types.add(e.eventType());
                events++;
            }
        }
        assertThat(types).containsExactlyInAnyOrder("click", "view", "purchase");
        // About 50 events a user: enough history for windows, few enough to ingest in seconds.
        assertThat(events).isBetween(30_000, 80_000);
    }

    @Test
    void theSameSettingsGiveTheSameDataAndAnotherSeedOtherData() {
        assertThat(new DemoData(SETTINGS).user(17)).isEqualTo(new DemoData(SETTINGS).user(17));
        DemoData.Settings other = new DemoData.Settings(1000, 7, 43, END, Duration.ofHours(6), 5);
        assertThat(new DemoData(other).user(17)).isNotEqualTo(new DemoData(SETTINGS).user(17));
    }

    /**
     * The hidden propensity shows in recent activity, not in latest values: label rows after many
     * clicks in the last hours are positive far more often than those after none, while the latest
     * click's value (a price drawn independently) splits them evenly.
     */
    @Test
    void recentActivityCarriesTheSignalAndLatestValuesDoNot() {
        DemoData data = new DemoData(SETTINGS);
        List<int[]> byRecentClicks = new ArrayList<>(List.of(new int[2], new int[2]));
        List<int[]> byLatestPrice = new ArrayList<>(List.of(new int[2], new int[2]));
        int positives = 0;
        int rows = 0;
        for (int i = 0; i < SETTINGS.users(); i++) {
            DemoData.User user = data.user(i);
            for (DemoData.Label label : user.labels()) {
                Instant t = label.timestamp();
                long recentClicks = user.events().stream().filter(e -> e.eventType().equals(DemoData.CLICK)
                        && e.timestamp().isAfter(t.minus(Duration.ofHours(3))) && !e.timestamp().isAfter(t)).count();
                double latestPrice = user.events().stream().filter(e -> e.eventType().equals(DemoData.CLICK)
                        && !e.timestamp().isAfter(t)).reduce((a, b) -> b).map(DemoData.Event::value).orElse(0.0);
                count(byRecentClicks.get(recentClicks >= 2 ? 1 : 0), label.label());
                count(byLatestPrice.get(latestPrice >= 20 ? 1 : 0), label.label());
                positives += label.label();
                rows++;
            }
        }
        System.out.printf("demo data: %d label rows, %.3f positive; after 2+ clicks in 3 h %.3f, after fewer %.3f; latest price >= 20 %.3f, < 20 %.3f%n",
                rows, (double) positives / rows, rate(byRecentClicks.get(1)), rate(byRecentClicks.get(0)),
                rate(byLatestPrice.get(1)), rate(byLatestPrice.get(0)));
        assertThat((double) positives / rows).as("share of positive labels").isBetween(0.05, 0.3);
        double busy = rate(byRecentClicks.get(1));
        double quiet = rate(byRecentClicks.get(0));
        assertThat(busy).as("positive rate after 2+ clicks in 3 h vs after fewer (%s)", quiet).isGreaterThan(3 * quiet);
        double expensive = rate(byLatestPrice.get(1));
        double cheap = rate(byLatestPrice.get(0));
        assertThat(expensive / cheap).as("positive rate by latest click price: %s vs %s", expensive, cheap).isBetween(0.75, 1.33);
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> new DemoData.Settings(0, 7, 1, END, Duration.ofHours(6), 5))
                .hasMessage("--users must be at least 1, got 0");
        assertThatThrownBy(() -> new DemoData.Settings(10, 1, 1, END, Duration.ofHours(6), 5))
                .hasMessageContaining("--days must be at least 2");
        assertThatThrownBy(() -> new DemoData.Settings(10, 2, 1, END, Duration.ofDays(1), 5))
                .hasMessageContaining("--horizon must be positive and shorter than 1 days");
    }

    private static DemoData.Event purchase(Instant at) {
        return new DemoData.Event("u", DemoData.PURCHASE, 10, at);
    }

    private static void count(int[] counts, int label) {
        counts[0]++;
        counts[1] += label;
    }

    private static double rate(int[] counts) {
        return (double) counts[1] / counts[0];
    }
}
