package io.kafkaprediction.systemtests.configs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.debezium.connector.jdbc.JdbcSinkConnector;
import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import io.kafkaprediction.transforms.FeatureEventJsonConverter;
import io.kafkaprediction.transforms.ToUserFeature;
import io.kafkaprediction.transforms.ValidateFeatureEvent;

/** The files in connect-configs/ parse, name real classes, and say the same thing for both sinks. */
class ConnectorConfigsTest {

    private static final Path DIR = Path.of(System.getProperty("connect.configs.dir", "../connect-configs"));
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Map<String, String> TEST_ENV = Map.of(
            "FEATURE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/features",
            "FEATURE_DB_USER", "connect_writer",
            "FEATURE_DB_PASSWORD", "not-a-real-password");
    // Options the Connect runtime reads itself; a connector's ConfigDef does not list them.
    private static final List<String> RUNTIME_PREFIXES = List.of("connector.class", "tasks.max", "topics",
            "key.converter", "value.converter", "transforms", "errors.", "consumer.override.");

    static Stream<String> connectorConfigFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            assertThat(names).contains("user-features-sink.json", "user-features-sink-confluent.json");
            return names.stream();
        }
    }

    private static Map<String, String> config(String file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(DIR.resolve(file).toFile());
        assertThat(root.path("name").asText()).as("%s: name", file).isNotBlank();
        assertThat(root.path("config").isObject()).as("%s: config object", file).isTrue();
        Map<String, String> config = new LinkedHashMap<>();
        root.get("config").fields().forEachRemaining(e -> {
            assertThat(e.getValue().isTextual()).as("%s: %s is a string, as the REST API expects", file, e.getKey()).isTrue();
            config.put(e.getKey(), e.getValue().asText());
        });
        return config;
    }

    private static Map<String, String> withTestEnvironment(Map<String, String> config) {
        Map<String, String> resolved = new HashMap<>();
        config.forEach((k, v) -> {
            Matcher m = ENV_PLACEHOLDER.matcher(v);
            resolved.put(k, m.replaceAll(r -> Matcher.quoteReplacement(TEST_ENV.get(r.group(1)))));
        });
        return resolved;
    }

    @ParameterizedTest
    @MethodSource("connectorConfigFiles")
    void everyTransformExistsAndConfiguresWithTheGivenSettings(String file) throws Exception {
        Map<String, String> config = config(file);
        List<String> aliases = List.of(config.get("transforms").split("\\s*,\\s*"));
        assertThat(aliases).containsExactly("validate", "toRow");
        for (String alias : aliases) {
            String prefix = "transforms." + alias + ".";
            Class<?> type = Class.forName(config.get(prefix + "type"));
            Map<String, String> settings = new HashMap<>();
            config.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    settings.put(k.substring(prefix.length()), v);
                }
            });
            @SuppressWarnings("unchecked")
            Transformation<?> transform = (Transformation<?>) type.getDeclaredConstructor().newInstance();
            transform.configure(settings);
            assertThat(transform.config().configKeys().keySet()).as("%s: options of %s", file, alias)
                    .containsAll(settings.keySet());
            transform.close();
        }
    }

    @ParameterizedTest
    @MethodSource("connectorConfigFiles")
    void valueConverterIsOursAndConfiguresWithTheGivenSettings(String file) throws Exception {
        // Kafka's JsonConverter would wrap integers beyond 64 bits into wrong feature values.
        Map<String, String> config = config(file);
        Object converter = Class.forName(config.get("value.converter")).getDeclaredConstructor().newInstance();
        assertThat(converter).isInstanceOf(FeatureEventJsonConverter.class);
        Map<String, String> settings = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith("value.converter.")) {
                settings.put(k.substring("value.converter.".length()), v);
            }
        });
        assertThat(settings).containsEntry("schemas.enable", "false");
        FeatureEventJsonConverter json = (FeatureEventJsonConverter) converter;
        assertThat(json.config().configKeys().keySet()).containsAll(settings.keySet());
        json.configure(settings, false);
        assertThat(json.toConnectData("raw_data_events", "{\"value\":1}".getBytes(StandardCharsets.UTF_8)).schema())
                .as("schemaless").isNull();
        json.close();
    }

    @ParameterizedTest
    @MethodSource("connectorConfigFiles")
    void credentialsComeFromTheEnvironment(String file) throws IOException {
        Map<String, String> config = config(file);
        config.forEach((key, value) -> {
            if (key.startsWith("connection.") && !key.equals("connection.url")) {
                assertThat(value).as("%s: %s", file, key).matches(ENV_PLACEHOLDER);
            }
        });
        assertThat(config.get("connection.url")).as(file).startsWith("${env:FEATURE_DB_URL}?");
    }

    @Test
    void batchedInsertRewritingComesWithTheReductionBuffer() throws IOException {
        // A rewritten multi-row INSERT ... ON CONFLICT fails on a key seen twice in one batch, inside
        // the sink where errors.tolerance does not reach: only Debezium's reduction buffer prevents it.
        assertThat(config("user-features-sink.json"))
                .containsEntry("use.reduction.buffer", "true")
                .hasEntrySatisfying("connection.url", url -> assertThat(url).contains("reWriteBatchedInserts=true"));
        assertThat(config("user-features-sink-confluent.json").get("connection.url")).doesNotContain("reWriteBatchedInserts");
    }

    @Test
    void unnestInsertsStayOffButTheirFeatureIdIsReady() throws IOException {
        // Debezium 3.5's UNNEST writer stored every ingestion_timestamp shifted by the worker JVM's zone
        // (15:00Z became 09:15Z on the Asia/Kathmandu worker of SystemStack): off until that is fixed
        // upstream. feature_id is already named as UNNEST needs: a plain string would be text[], which
        // the uuid column refuses.
        assertThat(config("user-features-sink.json"))
                .doesNotContainKey(JdbcSinkConnectorConfig.POSTGRES_UNNEST_INSERT)
                .containsEntry("transforms.toRow.timestamp.format", ToUserFeature.ZONED_TIMESTAMP);
        assertThat(ToUserFeature.ZONED_ROW_SCHEMA.field("feature_id").schema().name()).isEqualTo(io.debezium.data.Uuid.LOGICAL_NAME);
    }

    @Test
    void debeziumConfigPassesTheConnectorsOwnValidation() throws IOException {
        Map<String, String> config = withTestEnvironment(config("user-features-sink.json"));
        JdbcSinkConnector connector = new JdbcSinkConnector();
        assertThat(config.get("connector.class")).isEqualTo(JdbcSinkConnector.class.getName());

        List<ConfigValue> results = connector.validate(config).configValues();
        assertThat(results).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());

        // A misspelt option would pass validate() unnoticed, so every connector option must be known.
        // Debezium 3.5 reads use.reduction.buffer (a public Field) but lists it neither in config()
        // nor in ALL_FIELDS, so it is added by its constant: a rename upstream still fails here.
        Set<String> known = new HashSet<>(JdbcSinkConnectorConfig.ALL_FIELDS.allFieldNames());
        known.add(JdbcSinkConnectorConfig.USE_REDUCTION_BUFFER);
        assertThat(config.keySet().stream().filter(k -> RUNTIME_PREFIXES.stream().noneMatch(k::startsWith)))
                .allSatisfy(k -> assertThat(known).as("Debezium JDBC sink option").contains(k));
    }

    private static List<String> debeziumTaskProblems(Map<String, String> config) {
        List<String> problems = new ArrayList<>();
        new JdbcSinkConnectorConfig(config).validateAndRecord(JdbcSinkConnectorConfig.ALL_FIELDS, problems::add);
        return problems;
    }

    @Test
    void debeziumConfigPassesTheChecksATaskRunsAtStart() throws IOException {
        // validate() above checks types only; a task checks enumerations and the like when it starts.
        assertThat(debeziumTaskProblems(withTestEnvironment(config("user-features-sink.json")))).isEmpty();
    }

    @Test
    void debeziumTaskChecksCatchABadValue() throws IOException {
        // Proves the check above can fail.
        Map<String, String> config = withTestEnvironment(config("user-features-sink.json"));
        config.put("insert.mode", "merge");
        assertThat(debeziumTaskProblems(config)).singleElement().asString().contains("insert.mode");
    }

    @Test
    void debeziumConfigUpsertsOnFeatureIdIntoTheExistingTable() throws IOException {
        Map<String, String> config = config("user-features-sink.json");
        assertThat(config).containsEntry("topics", "raw_data_events")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.mode", "record_value")
                .containsEntry("primary.key.fields", "feature_id,ingestion_timestamp")
                .containsEntry("schema.evolution", "none")
                .containsEntry("collection.name.format", "user_features")
                .containsEntry("transforms.toRow.timestamp.format", "zoned_timestamp")
                .containsEntry("value.converter", FeatureEventJsonConverter.class.getName())
                .containsEntry("value.converter.schemas.enable", "false")
                .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.topic.name", "raw_data_events_dlq")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                .containsEntry("batch.size", "5000")
                .containsEntry("consumer.override.max.poll.records", "5000")
                // A killed worker's members leave the group in 6 s (the broker's minimum), not 45: the stack
                // waits for that before READY, and a SIGKILLed worker's tasks resume elsewhere within ~10 s.
                .containsEntry("consumer.override.session.timeout.ms", "6000")
                .containsEntry("consumer.override.heartbeat.interval.ms", "2000");
    }

    /** arrived_at is the database's: the rows the sink writes lack it, and schema.sql grants the sink nothing else. */
    @ParameterizedTest
    @MethodSource("connectorConfigFiles")
    void theSinkWritesTheRowsFiveColumnsAndNeverArrivedAt(String file) throws IOException {
        List<String> columns = List.of("feature_id", "user_id", "event_type", "feature_value", "ingestion_timestamp");
        for (org.apache.kafka.connect.data.Schema row : List.of(ToUserFeature.ZONED_ROW_SCHEMA, ToUserFeature.CONNECT_ROW_SCHEMA)) {
            assertThat(row.fields()).extracting(org.apache.kafka.connect.data.Field::name).containsExactlyElementsOf(columns);
        }
        assertThat(config(file).values()).as("%s: no field list or mapping names arrived_at", file)
                .noneMatch(v -> v.contains("arrived_at"));
        String schema = Files.readString(DIR.resolve("schema.sql"));
        Matcher grant = Pattern.compile("GRANT INSERT \\(([^)]*)\\),\\s*UPDATE \\(([^)]*)\\) ON user_features TO connect_writer")
                .matcher(schema);
        assertThat(grant.find()).as("schema.sql grants connect_writer INSERT and UPDATE by column").isTrue();
        assertThat(List.of(grant.group(1).split(",\\s*"))).containsExactlyElementsOf(columns);
        assertThat(List.of(grant.group(2).split(",\\s*"))).containsExactlyElementsOf(columns);
    }

    @Test
    void confluentConfigSaysTheSameWithConfluentsOptionNames() throws IOException {
        Map<String, String> debezium = config("user-features-sink.json");
        Map<String, String> confluent = config("user-features-sink-confluent.json");

        assertThat(confluent).containsEntry("connector.class", "io.confluent.connect.jdbc.JdbcSinkConnector")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("pk.mode", "record_value")
                .containsEntry("pk.fields", debezium.get("primary.key.fields"))
                .containsEntry("table.name.format", debezium.get("collection.name.format"))
                .containsEntry("auto.create", "false")
                .containsEntry("auto.evolve", "false")
                .containsEntry("db.timezone", "UTC")
                .containsEntry("connection.user", debezium.get("connection.username"))
                .containsEntry("transforms.toRow.timestamp.format", "connect_timestamp");
        for (String key : List.of("tasks.max", "topics", "key.converter", "value.converter",
                "value.converter.schemas.enable", "transforms", "transforms.validate.type", "transforms.validate.max.length",
                "transforms.toRow.type", "errors.tolerance", "errors.log.enable", "errors.deadletterqueue.topic.name",
                "errors.deadletterqueue.context.headers.enable", "connection.password", "batch.size",
                "consumer.override.max.poll.records", "consumer.override.session.timeout.ms",
                "consumer.override.heartbeat.interval.ms")) {
            assertThat(confluent.get(key)).as(key).isEqualTo(debezium.get(key));
        }
        assertThat(confluent.keySet()).doesNotContain("primary.key.mode", "primary.key.fields", "collection.name.format",
                "connection.username", "schema.evolution");
    }

    @Test
    void workerPropertiesResolveEnvPlaceholdersAndAllowTheConsumerOverride() throws Exception {
        Properties worker = new Properties();
        try (InputStream in = Files.newInputStream(DIR.resolve("connect-distributed.properties"))) {
            worker.load(in);
        }
        assertThat(worker.getProperty("config.providers")).isEqualTo("env");
        Class<?> provider = Class.forName(worker.getProperty("config.providers.env.class"));
        assertThat(ConfigProvider.class).isAssignableFrom(provider);
        assertThat(worker).containsEntry("connector.client.config.override.policy", "All")
                .containsEntry("plugin.discovery", "service_load")
                .containsEntry("config.storage.replication.factor", "1")
                .containsEntry("offset.storage.replication.factor", "1")
                .containsEntry("status.storage.replication.factor", "1");
        assertThat(worker.getProperty("group.id")).isNotBlank();
    }

    @Test
    void envProviderReadsTheSinkDatabaseSettingsAndNoOtherVariable() throws Exception {
        Properties worker = new Properties();
        try (InputStream in = Files.newInputStream(DIR.resolve("connect-distributed.properties"))) {
            worker.load(in);
        }
        String prefix = "config.providers.env.param.";
        Map<String, String> params = new HashMap<>();
        worker.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> params.put(k.substring(prefix.length()), worker.getProperty(k)));
        Map<String, String> environment = new HashMap<>(TEST_ENV);
        environment.put("CONNECT_BOOTSTRAP_SERVERS", "kafka:29092");
        environment.put("POSTGRES_PASSWORD", "not-a-real-superuser-password");
        try (EnvVarConfigProvider provider = new EnvVarConfigProvider(environment)) {
            provider.configure(params);

            assertThat(provider.get("").data()).containsOnlyKeys(TEST_ENV.keySet());
            assertThat(provider.get("", Set.of("POSTGRES_PASSWORD")).data()).isEmpty();
        }
    }

    @Test
    void serviceLoaderManifestsListBothTransformsAndTheDebeziumSink() {
        // plugin.discovery=service_load finds only what these manifests list.
        assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.type().getName()))
                .contains(ValidateFeatureEvent.class.getName(), ToUserFeature.class.getName());
        assertThat(ServiceLoader.load(SinkConnector.class).stream().map(p -> p.type().getName()))
                .contains(JdbcSinkConnector.class.getName());
    }
}
