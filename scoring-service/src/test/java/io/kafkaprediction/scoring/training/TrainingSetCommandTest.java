package io.kafkaprediction.scoring.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.TestDatabase;
import io.kafkaprediction.scoring.support.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetCommandTest {

    private static final Instant T = Instant.parse("2026-03-10T12:00:00Z");
    private static final String FEATURES = "tsc_click,tsc_click:count:1h,tsc_view:sum:30m,tsc_click:age";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void seed() {
        TestDatabase.insert("tsc-a", "tsc_click", 1.5, T.minusSeconds(4000), T.minusSeconds(4000));
        TestDatabase.insert("tsc-a", "tsc_click", 2.5, T.minusSeconds(600), T.minusSeconds(600));
        TestDatabase.insert("tsc-a", "tsc_view", 0.1, T.minusSeconds(60), T.minusSeconds(60));
        // Happened 20 s before T, landed 5 minutes after it.
        TestDatabase.insert("tsc-a", "tsc_view", 0.2, T.minusSeconds(20), T.plusSeconds(300));
    }

    @Test
    void writesTheEntityColumnsUnchangedPlusOneColumnPerFeature() throws IOException {
        Path entities = csv("user_id,timestamp,label,note",
                "tsc-a,2026-03-10T12:00:00Z,1,\"quoted, with a comma\"",
                "tsc-a," + T.minusSeconds(3000).toEpochMilli() + ",0,",
                "tsc-a,2026-03-10T12:00:00+02:00,0,before any event",
                "tsc-nobody,2026-03-10T12:00:00Z,0,unknown user");

        assertThat(run("--entities", entities, "--features", FEATURES, "--output", dir.resolve("train.csv"))).isZero();

        assertThat(Files.readAllLines(dir.resolve("train.csv"))).containsExactly(
                "user_id,timestamp,label,note," + FEATURES,
                "tsc-a,2026-03-10T12:00:00Z,1,\"quoted, with a comma\",2.5,1.0,0.30000000000000004,600.0",
                "tsc-a,1773141000000,0,,1.5,1.0,0.0,1000.0",
                "tsc-a,2026-03-10T12:00:00+02:00,0,before any event,,0.0,0.0,",
                "tsc-nobody,2026-03-10T12:00:00Z,0,unknown user,,0.0,0.0,");
        assertThat(text(out)).contains("4 rows, 4 features").contains("semantics event");
    }

    @Test
    void arrivalSemanticsLeavesOutWhatLandedAfterTheRowsTime() throws IOException {
        Path entities = csv("timestamp,user_id", "2026-03-10T12:00:00Z,tsc-a");

        assertThat(run("--entities", entities, "--features", FEATURES, "--semantics", "arrival",
                "--output", dir.resolve("train.csv"))).isZero();

        assertThat(Files.readAllLines(dir.resolve("train.csv")).get(1)).isEqualTo("2026-03-10T12:00:00Z,tsc-a,2.5,1.0,0.1,600.0");
    }

    @Test
    void smallBatchesGiveTheSameFile() throws IOException {
        Path entities = csv("user_id,timestamp", "tsc-a,2026-03-10T12:00:00Z", "tsc-a,2026-03-10T11:00:00Z",
                "tsc-nobody,2026-03-10T12:00:00Z", "tsc-a,2026-03-10T11:59:50Z", "tsc-a,2026-03-10T12:00:00Z");

        assertThat(run("--entities", entities, "--features", FEATURES, "--output", dir.resolve("big.csv"))).isZero();
        assertThat(run("--entities", entities, "--features", FEATURES, "--output", dir.resolve("small.csv"),
                "--batch-size", "2")).isZero();

        assertThat(Files.readAllLines(dir.resolve("small.csv"))).hasSize(6)
                .isEqualTo(Files.readAllLines(dir.resolve("big.csv")));
    }

    @Test
    void aBadRowIsAnErrorNamingTheLineAndTheFieldAndNoFileIsLeft() throws IOException {
        Path entities = csv("user_id,timestamp,label", "tsc-a,2026-03-10T12:00:00Z,1", "tsc-a,yesterday,0");

        assertThat(run("--entities", entities, "--features", FEATURES, "--output", dir.resolve("train.csv"))).isEqualTo(1);

        assertThat(text(err)).contains("line 3: timestamp: 'yesterday' is neither ISO-8601 with offset "
                + "(2026-03-10T15:00:00Z) nor epoch milliseconds".replace("2026-03-10T15", "2026-01-20T15"));
        assertThat(dir.resolve("train.csv")).doesNotExist();
        assertThat(dir.resolve("train.csv.tmp")).doesNotExist();
    }

    @Test
    void skipBadRowsCountsThemAndKeepsTheRest() throws IOException {
        Path entities = csv("user_id,timestamp,label", "tsc-a,2026-03-10T12:00:00Z,1", "tsc-a,yesterday,0", " ,2026-03-10T12:00:00Z,0",
                "tsc-a,2026-03-10T12:00:00Z", "tsc-a,2026-03-10T12:00:00Z,1");

        assertThat(run("--entities", entities, "--features", FEATURES, "--output", dir.resolve("train.csv"),
                "--skip-bad-rows")).isZero();

        assertThat(Files.readAllLines(dir.resolve("train.csv"))).hasSize(3);
        assertThat(text(out)).contains("2 rows").contains("skipped 3 bad rows");
    }

    @Test
    void badBlankUserAndShortRowsNameTheirField() throws IOException {
        assertThat(run("--entities", csv("user_id,timestamp", " ,2026-03-10T12:00:00Z"), "--features", FEATURES,
                "--output", dir.resolve("a.csv"))).isEqualTo(1);
        assertThat(text(err)).contains("line 2: user_id: must not be blank");
        assertThat(run("--entities", csv("user_id,timestamp,label", "tsc-a,2026-03-10T12:00:00Z"), "--features", FEATURES,
                "--output", dir.resolve("b.csv"))).isEqualTo(1);
        assertThat(text(err)).contains("line 2: row: has 2 fields, the header has 3");
        assertThat(run("--entities", csv("user,timestamp", "tsc-a,2026-03-10T12:00:00Z"), "--features", FEATURES,
                "--output", dir.resolve("c.csv"))).isEqualTo(1);
        assertThat(text(err)).contains("line 1: user_id: the header has no column 'user_id': [user, timestamp]");
    }

    @Test
    void readsTheDefinitionsFromAModel() throws IOException {
        Path model = TestModels.withFeatureNames(TestModels.demo(dir.resolve("model.json"), 1),
                List.of("tsc_click", "tsc_click:count:1h", "tsc_click:age"));

        assertThat(run("--entities", csv("user_id,timestamp", "tsc-a,2026-03-10T12:00:00Z"), "--model", model,
                "--output", dir.resolve("train.csv"))).isZero();

        assertThat(Files.readAllLines(dir.resolve("train.csv"))).containsExactly(
                "user_id,timestamp,tsc_click,tsc_click:count:1h,tsc_click:age", "tsc-a,2026-03-10T12:00:00Z,2.5,1.0,600.0");
    }

    @Test
    void usageErrorsNameTheOption() throws IOException {
        Path entities = csv("user_id,timestamp");
        assertThat(run("--entities", entities, "--output", dir.resolve("x.csv"))).isEqualTo(2);
        assertThat(text(err)).contains("give exactly one of --features and --model");
        assertThat(run("--entities", entities, "--features", "click:median:1h", "--output", dir.resolve("x.csv"))).isEqualTo(2);
        assertThat(text(err)).contains("feature 'click:median:1h': unknown aggregation 'median'");
        assertThat(run("--entities", entities, "--features", "a", "--semantics", "processing", "--output", dir.resolve("x.csv")))
                .isEqualTo(2);
        assertThat(text(err)).contains("--semantics must be event or arrival, got 'processing'");
        assertThat(TrainingSetCommand.run(new String[] {"--entities", entities.toString(), "--features", "a", "--output", "x.csv"},
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(text(err)).contains("DATABASE_URL is not set");
    }

    private Path csv(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "entities-", ".csv");
        Files.write(file, List.of(lines));
        return file;
    }

    private int run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        Map<String, String> env = Map.of("DATABASE_URL", TestDatabase.jdbcUrl(), "DATABASE_USER", "postgres",
                "DATABASE_PASSWORD", "postgres");
        return TrainingSetCommand.run(strings, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
