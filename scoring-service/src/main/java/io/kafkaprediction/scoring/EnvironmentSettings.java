package io.kafkaprediction.scoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the documented environment variables (the contract with the stack and compose files)
 * onto Micronaut property names. Unset variables fall back to {@code application.yml}.
 */
public final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    public static Map<String, Object> fromEnvironment(Map<String, String> env) {
        Map<String, Object> props = new LinkedHashMap<>();
        value(env, "PORT").ifPresent(v -> props.put("micronaut.server.port", integer("PORT", v, 0, 65_535)));
        value(env, "HOST").ifPresent(v -> props.put("micronaut.server.host", v));
        value(env, "MAX_REQUEST_BYTES").ifPresent(v ->
                props.put("micronaut.server.max-request-size", integer("MAX_REQUEST_BYTES", v, 1, Integer.MAX_VALUE)));
        value(env, "EVENT_LOOP_THREADS").ifPresent(v ->
                props.put("micronaut.netty.event-loops.default.num-threads", integer("EVENT_LOOP_THREADS", v, 0, 1024)));
        value(env, "MODEL_PATH").ifPresent(v -> props.put("scoring.model.path", v));
        value(env, "MODEL_VERSION").ifPresent(v -> props.put("scoring.model.version", v));
        value(env, "MODEL_NAME").ifPresent(v -> props.put("scoring.model.name", v));
        value(env, "MODEL_RELOAD_INTERVAL_MS").ifPresent(v ->
                props.put("scoring.model.reload-interval", integer("MODEL_RELOAD_INTERVAL_MS", v, 0, Integer.MAX_VALUE) + "ms"));
        value(env, "DATABASE_URL").ifPresent(url -> props.putAll(datasource(
                url,
                value(env, "DATABASE_USER").orElse("scoring_reader"),
                value(env, "DATABASE_PASSWORD").orElse(""),
                value(env, "DATABASE_POOL_SIZE").map(v -> integer("DATABASE_POOL_SIZE", v, 1, 1_000)).orElse(4))));
        return props;
    }

    /** The Hikari data source behind feature lookups; without it lookups are off. */
    public static Map<String, Object> datasource(String url, String user, String password, int poolSize) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("DATABASE_URL must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/feature_store_db, got '" + url + "'");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        String prefix = "datasources.default.";
        props.put(prefix + "url", url);
        props.put(prefix + "driver-class-name", "org.postgresql.Driver");
        props.put(prefix + "username", user);
        props.put(prefix + "password", password);
        props.put(prefix + "maximum-pool-size", poolSize);
        props.put(prefix + "minimum-idle", poolSize);
        // Start even while PostgreSQL is down (readiness says so), and fail lookups fast meanwhile.
        props.put(prefix + "initialization-fail-timeout", -1);
        props.put(prefix + "connection-timeout", 2_000);
        props.put(prefix + "validation-timeout", 1_000);
        props.put(prefix + "read-only", true);
        props.put("micronaut.executors.feature-store.number-of-threads", poolSize);
        return props;
    }

    private static java.util.Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.trim());
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException(name + " must be an integer between " + min + " and " + max
                + ", got '" + value + "'");
    }
}
