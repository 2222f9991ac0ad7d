package io.kafkaprediction.scoring.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pgbench baseline must run the service's statement, not a look-alike. */
class FeatureQueryScriptTest {

    private final FeatureQuery query = FeatureQuery.of(FeatureDefinitions.parseAll(
            List.of("click:count:1h", "view:avg:24h", "purchase:sum:7d", "click:age", "click", "view")), Semantics.EVENT);

    @Test
    void theScriptIsTheServiceStatementWithItsParametersAsPgbenchVariables() {
        FeatureQueryScript.PgbenchScript script = FeatureQueryScript.pgbenchScript(query, 3);

        List<String> lines = script.text().lines().toList();
        assertThat(lines.subList(0, 3)).containsExactly("\\set u1 random(1, :users)", "\\set u2 random(1, :users)",
                "\\set u3 random(1, :users)");
        String statement = String.join("\n", lines.subList(3, lines.size()));
        String users = "('{\"user' || :u1 || '\",\"user' || :u2 || '\",\"user' || :u3 || '\"}')";
        assertThat(statement).contains(users);
        String back = statement.replace(users, "?").replaceAll(":p[0-9]+", "?");
        assertThat(back).isEqualTo(query.sql() + ";");
    }

    @Test
    void theOptionsBindTheServiceParametersInOrder() {
        FeatureQueryScript.PgbenchScript script = FeatureQueryScript.pgbenchScript(query, 2);

        List<String> service = query.parameters(List.of("a", "b"), Collections.nCopies(2, Instant.EPOCH));
        // Every parameter but the user ids (built in pgbench) is an option, in the statement's order.
        int users = service.indexOf("{\"a\",\"b\"}");
        assertThat(users).isNotNegative();
        assertThat(script.options()).hasSize(service.size() - 1);
        List<String> options = new ArrayList<>(script.options());
        for (int p = 0; p < service.size(); p++) {
            if (p == users) {
                continue;
            }
            String option = options.remove(0);
            if (p == users + 1) { // the times: pgbench's script is written at now, not at EPOCH
                assertThat(option).startsWith("-Dp" + (p + 1) + "={\"").endsWith("Z\"}");
            } else {
                assertThat(option).isEqualTo("-Dp" + (p + 1) + "=" + service.get(p));
            }
        }
    }
}
