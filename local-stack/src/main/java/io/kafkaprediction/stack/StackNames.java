package io.kafkaprediction.stack;

/**
 * The names the parts of the system agree on, in one place for the Java side: topics, the connector,
 * the Connect group, the database roles and the environment variables that carry the sink's database
 * settings. The compose file takes the same names from {@code .env.example}; system-tests'
 * {@code NamesAgreeTest} checks that the two, the connector configs and the scripts say the same.
 */
public final class StackNames {
    public static final String EVENTS_TOPIC = "raw_data_events";
    public static final String DLQ_TOPIC = "raw_data_events_dlq";
    public static final int EVENTS_PARTITIONS = 2;
    public static final String CONNECTOR = "user-features-sink";
    public static final String CONNECT_GROUP = "kafkaprediction-connect";
    /** The role the sink writes with (INSERT/UPDATE on user_features, nothing else). */
    public static final String CONNECT_DB_USER = "connect_writer";
    /** The role the scoring service reads with (SELECT only). */
    public static final String SCORING_DB_USER = "scoring_reader";
    /**
     * The sink's database settings reach the worker as these variables, read by the env config
     * provider. Not {@code CONNECT_*}: Confluent's image writes every such variable into the worker's
     * properties file, the password in plain text.
     */
    public static final String FEATURE_DB_URL = "FEATURE_DB_URL";
    public static final String FEATURE_DB_USER = "FEATURE_DB_USER";
    public static final String FEATURE_DB_PASSWORD = "FEATURE_DB_PASSWORD";

    private StackNames() {
    }
}
