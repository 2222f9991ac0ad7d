package io.kafkaprediction.scoring;

import io.kafkaprediction.scoring.features.FeatureLookups;
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
        java.util.Optional<Integer> timeout = value(env, "LOOKUP_TIMEOUT_MS")
                .map(v -> integer("LOOKUP_TIMEOUT_MS", v, 1, 600_000));
        timeout.ifPresent(ms -> props.put("scoring.lookups.timeout-ms", ms));
        int lookupTimeoutMs = timeout.orElse(FeatureLookups.DEFAULT_TIMEOUT_MS);
        value(env, "LOOKUP_QUEUE_LIMIT").ifPresent(v ->
                props.put("scoring.lookups.queue-limit", integer("LOOKUP_QUEUE_LIMIT", v, 1, 1_000_000)));
        value(env, "DATABASE_URL").ifPresent(url -> props.putAll(datasource(
                url,
                value(env, "DATABASE_USER").orElse("scoring_reader"),
                value(env, "DATABASE_PASSWORD").orElse(""),
                value(env, "DATABASE_POOL_SIZE").map(v -> integer("DATABASE_POOL_SIZE", v, 1, 1_000)).orElse(4),
                lookupTimeoutMs)));
        return props;
    }

    /** The Hikari data source behind feature lookups, with the default lookup deadline. */
    public static Map<String, Object> datasource(String url, String user, String password, int poolSize) {
        return datasource(url, user, password, poolSize, FeatureLookups.DEFAULT_TIMEOUT_MS);
    }

    /**
     * The Hikari data source behind feature lookups; without it lookups are off. The lookup deadline
     * also bounds the database side, so a hung PostgreSQL frees the executor's threads: the pool
     * wait, the server's {@code statement_timeout}, and pgjdbc's connect and socket timeouts (whole
     * seconds in pgjdbc, so rounded up, at least 1 s).
     */
    public static Map<String, Object> datasource(String url, String user, String password, int poolSize,
                                                 int lookupTimeoutMs) {
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
        // Hikari's minimum is 250 ms.
        props.put(prefix + "connection-timeout", Math.max(250, lookupTimeoutMs));
        props.put(prefix + "validation-timeout", 1_000);
        props.put(prefix + "read-only", true);
        int seconds = (int) Math.max(1, (lookupTimeoutMs + 999L) / 1000);
        String driver = prefix + "data-source-properties.";
        // A generic plan, made once per connection: a custom plan of the lookup costs ~2 ms of planning on
        // the partitioned table (every partition), 3x its execution; the generic one prunes at run time
        // (an ordered Append stops at the newest partition with a row) and gives the same rows.
        props.put(driver + "options", "-c statement_timeout=" + lookupTimeoutMs + " -c plan_cache_mode=force_generic_plan");
        props.put(driver + "socketTimeout", seconds);
        props.put(driver + "connectTimeout", seconds);
        props.put(driver + "loginTimeout", seconds);
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
