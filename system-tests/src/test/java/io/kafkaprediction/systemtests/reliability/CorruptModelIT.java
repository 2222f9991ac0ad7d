package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.scoring.ScoringService;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Corrupt files dropped at MODEL_PATH while a client predicts in a loop: every request succeeds
 * with the old model's version and score; a good file afterwards is picked up without a restart and
 * answers with its own version.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class CorruptModelIT {
    private static final String REQUEST = "{\"user_id\":\"user1\",\"features_for_prediction\":[0.5,0.7,0.3]}";
    private static final Pattern SCORE = Pattern.compile("\"prediction_score\":([-0-9.eE]+)");
    private static final Pattern VERSION = Pattern.compile("\"model_version\":\"([^\"]*)\"");
    /** Longer than the service's reload interval (2 s), so each file is polled at least once. */
    private static final long HOLD_MS = 3_000;

    @Test
    void corruptModelFilesNeverFailARequestAndAGoodFileIsPickedUpAfterwards(LocalStack stack) throws Exception {
        Path model = stack.config().dataDir().resolve("model").resolve("model.json");
        byte[] original = Files.readAllBytes(model);
        String predict = stack.scoringUrl() + "/predict";
        String oldScore = score(Http.postJson(predict, REQUEST).body());
        Path retrained = stack.config().dataDir().resolve("model-seed-7.json");
        train(retrained, 7, "seed-7");

        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger requests = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> {
            while (!stop.get()) {
                Http.Reply reply;
                try {
                    reply = Http.postJson(predict, REQUEST);
                } catch (IllegalStateException e) {
                    answers.merge("no answer: " + e.getMessage(), 1, Integer::sum);
                    continue;
                }
                requests.incrementAndGet();
                String key = reply.status() + " version " + version(reply.body()) + " score " + score(reply.body());
                answers.merge(key, 1, Integer::sum);
            }
        }, "predict-loop");
        client.start();
        try {
            Random random = new Random(3);
            byte[] junk = new byte[4096];
            random.nextBytes(junk);
            List<byte[]> corrupt = List.of(
                    java.util.Arrays.copyOf(original, original.length / 2),
                    junk,
                    "{\"learner\":{\"gradient_booster\":{}}}".getBytes(StandardCharsets.UTF_8),
                    "{\"not\":\"a model\"}".getBytes(StandardCharsets.UTF_8),
                    new byte[0]);
            for (byte[] bytes : corrupt) {
                replace(model, bytes);
                Thread.sleep(HOLD_MS);
            }
        } finally {
            stop.set(true);
            client.join(10_000);
        }
        System.out.println("RELIABILITY | corrupt model files: 5 dropped at MODEL_PATH during " + requests.get()
                + " requests | answers: " + answers);
        assertThat(answers).as("answers while corrupt files sat at MODEL_PATH")
                .containsOnlyKeys("200 version " + ScoringService.DEMO_MODEL_VERSION + " score " + oldScore);

        // The new file shows in the score (another seed) and in model_version (its own version attribute).
        long start = System.nanoTime();
        replace(model, Files.readAllBytes(retrained));
        String newScore = awaitScoreOtherThan(predict, oldScore, 30);
        System.out.printf("RELIABILITY | good model file picked up %.1f s after it was dropped in: score %s -> %s%n",
                (System.nanoTime() - start) / 1e9, oldScore, newScore);
        assertThat(version(Http.postJson(predict, REQUEST).body())).as("model_version after the reload").isEqualTo("seed-7");

        replace(model, original);
        awaitScoreOtherThan(predict, newScore, 30);
        assertThat(score(Http.postJson(predict, REQUEST).body())).as("score after restoring the original model").isEqualTo(oldScore);
    }

    /** Writes through a temporary file and a rename, as deployments do: the poller sees whole files only. */
    private static void replace(Path model, byte[] bytes) throws Exception {
        Path tmp = model.resolveSibling(model.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void train(Path output, int seed, String version) throws Exception {
        String jar = System.getProperty("stack.scoringJar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "create-model", "--output", output.toString(), "--seed", Integer.toString(seed),
                "--version", version)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("create-model finished").isTrue();
        assertThat(process.exitValue()).as("create-model exit code").isZero();
    }

    private static String awaitScoreOtherThan(String predict, String score, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = score;
        while (System.nanoTime() < deadline) {
            Http.Reply reply = Http.postJson(predict, REQUEST);
            assertThat(reply.status()).as("answer while the model changes: %s", reply.body()).isEqualTo(200);
            last = score(reply.body());
            if (!last.equals(score)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the scoring service still answers score " + last + " " + timeoutSeconds
                + " s after a new model file was dropped at MODEL_PATH");
    }

    private static String score(String body) {
        Matcher m = SCORE.matcher(body);
        return m.find() ? m.group(1) : "none in " + body;
    }

    private static String version(String body) {
        Matcher m = VERSION.matcher(body);
        return m.find() ? m.group(1) : "none";
    }
}
