package io.kafkaprediction.scoring.benchmarks;

import io.kafkaprediction.scoring.features.definitions.ArrayLiterals;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The service's own lookup statement ({@link FeatureQuery#sql()} with {@link FeatureQuery#parameters}),
 * replayed outside it, so the database baseline runs exactly what {@code /predict} and
 * {@code training-set} run:
 *
 * <pre>
 * FeatureQueryScript pgbench FEATURES BATCH SCRIPT_FILE
 *     writes a pgbench script: the statement for BATCH random users (user1 ... user:users) at now;
 *     prints the pgbench -D options binding its constant parameters, one per line
 * FeatureQueryScript explain FEATURES ROWS USERS SPREAD_SECONDS
 *     prints PREPARE + EXPLAIN (ANALYZE, BUFFERS) EXECUTE for ROWS random entities (seed 42):
 *     users among user1 ... userUSERS, t = now minus up to SPREAD_SECONDS (0: all at now)
 * </pre>
 *
 * FEATURES are comma-separated feature names, as a model has them; semantics event.
 */
public final class FeatureQueryScript {

    private FeatureQueryScript() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || !List.of("pgbench", "explain").contains(args[0])) {
            System.err.println("usage: FeatureQueryScript pgbench FEATURES BATCH SCRIPT_FILE"
                    + " | explain FEATURES ROWS USERS SPREAD_SECONDS");
            System.exit(2);
        }
        FeatureQuery query = FeatureQuery.of(FeatureDefinitions.parseAll(List.of(args[1].split(","))), Semantics.EVENT);
        if (args[0].equals("pgbench")) {
            pgbench(query, Integer.parseInt(args[2]), Path.of(args[3]));
        } else {
            explain(query, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
        }
    }

    private static void pgbench(FeatureQuery query, int batch, Path script) throws IOException {
        PgbenchScript written = pgbenchScript(query, batch);
        Files.writeString(script, written.text(), StandardCharsets.UTF_8);
        written.options().forEach(System.out::println);
    }

    /** A pgbench script and the -D options binding its constant parameters. */
    record PgbenchScript(String text, List<String> options) {
    }

    static PgbenchScript pgbenchScript(FeatureQuery query, int batch) {
        // Sentinel users (NUL cannot occur in a parameter) find the user-id parameter; every other
        // parameter is bound as it is, with -D.
        List<String> sentinels = new ArrayList<>();
        for (int i = 1; i <= batch; i++) {
            sentinels.add("\u0000" + i);
        }
        List<String> parameters = query.parameters(sentinels, Collections.nCopies(batch, Instant.now()));
        String usersLiteral = ArrayLiterals.of(sentinels);
        StringBuilder text = new StringBuilder();
        StringBuilder users = new StringBuilder("('{");
        for (int i = 1; i <= batch; i++) {
            text.append("\\set u").append(i).append(" random(1, :users)\n");
            // The array literal the service binds, {"user12","user7"}, built from pgbench's random numbers.
            users.append(i == 1 ? "" : ",").append("\"user' || :u").append(i).append(" || '\"");
        }
        users.append("}')");
        List<String> options = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        String[] pieces = query.sql().split("\\?", -1);
        for (int p = 0; p < parameters.size(); p++) {
            sql.append(pieces[p]);
            if (parameters.get(p).equals(usersLiteral)) {
                sql.append(users);
            } else {
                sql.append(":p").append(p + 1);
                options.add("-Dp" + (p + 1) + "=" + parameters.get(p));
            }
        }
        sql.append(pieces[parameters.size()]);
        text.append(sql).append(";\n");
        return new PgbenchScript(text.toString(), List.copyOf(options));
    }

    private static void explain(FeatureQuery query, int rows, int userCount, long spreadSeconds) {
        SplittableRandom random = new SplittableRandom(42);
        Instant now = Instant.now();
        List<String> users = new ArrayList<>(rows);
        List<Instant> times = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            users.add("user" + (1 + random.nextInt(userCount)));
            times.add(spreadSeconds == 0 ? now : now.minusMillis(random.nextLong(spreadSeconds * 1000)));
        }
        List<String> parameters = query.parameters(users, times);
        String[] pieces = query.sql().split("\\?", -1);
        StringBuilder prepared = new StringBuilder("PREPARE lookup AS ");
        List<String> values = new ArrayList<>();
        for (int p = 0; p < parameters.size(); p++) {
            prepared.append(pieces[p]).append('$').append(p + 1);
            values.add("'" + parameters.get(p).replace("'", "''") + "'");
        }
        prepared.append(pieces[parameters.size()]);
        System.out.println(prepared + ";");
        System.out.println("EXPLAIN (ANALYZE, BUFFERS) EXECUTE lookup(" + String.join(", ", values) + ");");
    }
}
