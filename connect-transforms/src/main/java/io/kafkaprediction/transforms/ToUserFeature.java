package io.kafkaprediction.transforms;

import java.util.Date;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.transforms.util.SimpleConfig;

/**
 * Turns a feature event (schemaless Map or Struct) into a Struct with the {@code user_features}
 * row schema: {@code feature_id}, {@code user_id}, {@code event_type}, {@code feature_value}
 * (float64) and {@code ingestion_timestamp}. JDBC sinks reject schemaless values, hence a Struct.
 * The event is read with the same rules as {@link ValidateFeatureEvent} (input field names: the
 * {@code *.field} options of {@link FeatureEventReader}); a null value passes through.
 *
 * <p>{@code feature_id} is {@link FeatureIds#featureId} of (user_id, event_type, epoch millis):
 * a UUID v5 string, so a redelivered event upserts onto the same row.
 *
 * <p>{@code timestamp.format} picks how {@code ingestion_timestamp} travels, because the two sinks
 * bind timestamps differently and the value must land in {@code timestamptz} exact to the
 * millisecond whatever the worker JVM's time zone:
 * <ul>
 *   <li>{@code zoned_timestamp} (default, for the Debezium JDBC sink): a string schema named
 *       {@code io.debezium.time.ZonedTimestamp} holding {@code 2026-01-20T15:00:00.000Z}. The offset
 *       travels with the value, so Debezium binds the exact instant in any zone. A Connect
 *       {@code Timestamp} carries no offset: with Debezium it lands shifted unless the worker JVM
 *       runs in UTC (measured by the end-to-end tests' worker in Asia/Kathmandu).</li>
 *   <li>{@code connect_timestamp} (for Confluent's JDBC sink): a Connect {@code Timestamp}
 *       ({@code java.util.Date}). Confluent binds it with a calendar in {@code db.timezone}
 *       (default UTC), so it is exact there; Confluent does not know Debezium's ZonedTimestamp and
 *       would bind it as plain text.</li>
 * </ul>
 * In {@code zoned_timestamp} mode {@code feature_id} also carries Debezium's schema name
 * {@code io.debezium.data.Uuid}, so the Debezium sink binds it as {@code uuid}: that is what lets it
 * write a whole batch as one {@code INSERT ... SELECT * FROM UNNEST(?::uuid[], ...)}
 * ({@code dialect.postgres.unnest.insert.enabled}); a plain string would go in as {@code text[]},
 * which PostgreSQL refuses for a {@code uuid} column. Confluent's sink gets the plain string.
 */
public class ToUserFeature<R extends ConnectRecord<R>> extends FeatureEventTransformation<R> {

    public static final String OVERVIEW_DOC = "Reshapes a feature event into a user_features row Struct "
            + "(feature_id, user_id, event_type, feature_value, ingestion_timestamp) with a UUID v5 feature_id "
            + "derived from the natural key. Tombstones pass through.";

    public static final String TIMESTAMP_FORMAT_CONFIG = "timestamp.format";

    public static final String ZONED_TIMESTAMP = "zoned_timestamp";
    public static final String CONNECT_TIMESTAMP = "connect_timestamp";

    public static final ConfigDef CONFIG_DEF = FeatureEventReader.fieldNameConfigs()
            .define(TIMESTAMP_FORMAT_CONFIG, ConfigDef.Type.STRING, ZONED_TIMESTAMP,
                    ConfigDef.ValidString.in(ZONED_TIMESTAMP, CONNECT_TIMESTAMP), ConfigDef.Importance.HIGH,
                    "How ingestion_timestamp is emitted: '" + ZONED_TIMESTAMP + "' (a Debezium ZonedTimestamp string in UTC "
                            + "with milliseconds, exact with the Debezium JDBC sink in any JVM time zone) or '" + CONNECT_TIMESTAMP
                            + "' (a Connect Timestamp, exact with Confluent's JDBC sink, which binds it in db.timezone).");

    /** Schema name Debezium's sinks recognise as an ISO-8601 timestamp with offset. */
    public static final String ZONED_TIMESTAMP_SCHEMA_NAME = "io.debezium.time.ZonedTimestamp";
    /** Schema name Debezium's sinks bind as {@code uuid} (a string holding the canonical form). */
    public static final String UUID_SCHEMA_NAME = "io.debezium.data.Uuid";
    public static final String ROW_SCHEMA_NAME = "io.kafkaprediction.UserFeature";

    public static final Schema ZONED_ROW_SCHEMA = rowSchema(
            SchemaBuilder.string().name(UUID_SCHEMA_NAME).version(1).build(),
            SchemaBuilder.string().name(ZONED_TIMESTAMP_SCHEMA_NAME).version(1).build());
    public static final Schema CONNECT_ROW_SCHEMA = rowSchema(Schema.STRING_SCHEMA, Timestamp.SCHEMA);

    private boolean zoned;
    private Schema rowSchema;

    public ToUserFeature() {
        super(CONFIG_DEF);
    }

    @Override
    protected void configure(SimpleConfig config) {
        zoned = ZONED_TIMESTAMP.equals(config.getString(TIMESTAMP_FORMAT_CONFIG));
        rowSchema = zoned ? ZONED_ROW_SCHEMA : CONNECT_ROW_SCHEMA;
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            return record;
        }
        FeatureEventReader.FeatureEvent event = reader.read(record.value());
        // The output schema is fixed per configuration, so it needs no per-input cache.
        Struct row = new Struct(rowSchema)
                .put("feature_id", FeatureIds.featureId(event.userId(), event.eventType(), event.epochMillis()))
                .put("user_id", event.userId())
                .put("event_type", event.eventType())
                .put("feature_value", event.value())
                .put("ingestion_timestamp", zoned
                        ? IsoInstants.formatUtcMillis(event.epochMillis())
                        : new Date(event.epochMillis()));
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                rowSchema, row, record.timestamp());
    }

    private static Schema rowSchema(Schema featureIdSchema, Schema timestampSchema) {
        return SchemaBuilder.struct().name(ROW_SCHEMA_NAME).version(1)
                .field("feature_id", featureIdSchema)
                .field("user_id", Schema.STRING_SCHEMA)
                .field("event_type", Schema.STRING_SCHEMA)
                .field("feature_value", Schema.FLOAT64_SCHEMA)
                .field("ingestion_timestamp", timestampSchema)
                .build();
    }
}
