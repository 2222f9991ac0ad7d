package io.kafkaprediction.systemtests.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** connect-configs/schema.sql against a real PostgreSQL that checks passwords. */
class SchemaSqlIT {

    private static final Path SCHEMA = Path.of(System.getProperty("connect.configs.dir", "../connect-configs"), "schema.sql");
    private static final String WRITER_PASSWORD = "writer-secret-1";
    private static final String READER_PASSWORD = "reader-secret-1";
    private static final String FEATURE_ID = "d4330c5b-43b5-51ee-a4c4-b21571283edb";

    private static EmbeddedPostgres postgres;
    private static Throwable firstRunWithoutPasswords;
    private static String snapshotAfterFirstRun;

    @BeforeAll
    static void startPostgresAndRunSchemaTwice() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(SchemaSqlIT::requirePasswordsExceptForTheSuperuser)
                .start();
        try (Connection admin = admin()) {
            firstRunWithoutPasswords = runSchema(admin, null, null);
            assertThat(runSchema(admin, WRITER_PASSWORD, READER_PASSWORD)).isNull();
            snapshotAfterFirstRun = snapshot(admin);
            assertThat(runSchema(admin, WRITER_PASSWORD, READER_PASSWORD)).isNull();
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void requirePasswordsExceptForTheSuperuser(File dataDirectory) {
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), String.join("\n",
                    "local all postgres trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection admin() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** An empty database of that name (dropped first if a run before left it), connected as the superuser. */
    private static Connection freshDatabase(String name) throws SQLException {
        try (Connection admin = admin(); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name, "postgres", "postgres");
    }

    private static Connection login(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", user, password);
    }

    /** Runs schema.sql the JDBC way of its header; returns the failure, if any. */
    /** The role behind {@code st} may not run {@code sql}: PostgreSQL refuses it with {@code reason}. */
    private static void assertRefused(Statement st, String sql, String reason) {
        assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(reason);
    }

    private static Throwable runSchema(Connection admin, String writerPassword, String readerPassword) throws IOException {
        try (Statement st = admin.createStatement()) {
            st.execute("RESET kp.connect_password; RESET kp.scoring_password");
            if (writerPassword != null) {
                st.execute("SET kp.connect_password = '" + writerPassword + "'");
                st.execute("SET kp.scoring_password = '" + readerPassword + "'");
            }
            st.execute(Files.readString(SCHEMA, StandardCharsets.UTF_8));
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** Columns, constraints, roles and grants: what a second run must leave as it was. */
    private static String snapshot(Connection admin) throws SQLException {
        List<String> rows = new ArrayList<>();
        String[] queries = {
            "SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns "
                    + "WHERE table_name = 'user_features' ORDER BY ordinal_position",
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'user_features'::regclass ORDER BY 1",
            "SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                    + "WHERE rolname IN ('connect_writer', 'scoring_reader') ORDER BY 1",
            "SELECT grantee, privilege_type FROM information_schema.role_table_grants "
                    + "WHERE table_name = 'user_features' AND grantee <> 'postgres' ORDER BY 1, 2",
            "SELECT grantee, column_name, privilege_type FROM information_schema.column_privileges "
                    + "WHERE table_name = 'user_features' AND grantee = 'connect_writer' "
                    + "AND privilege_type IN ('INSERT', 'UPDATE') ORDER BY 1, 2, 3",
            "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'",
            "SELECT datacl::text FROM pg_database WHERE datname = current_database()"};
        try (Statement st = admin.createStatement()) {
            for (String query : queries) {
                try (ResultSet rs = st.executeQuery(query)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return String.join("\n", rows);
    }

    @Test
    void refusesToCreateARoleWithoutAPassword() {
        assertThat(firstRunWithoutPasswords).isNotNull()
                .hasMessageContaining("role connect_writer does not exist yet and kp.connect_password is not set");
    }

    @Test
    void theNaturalKeyServesTheLookupsSoEachRowUpdatesTwoIndexes() throws SQLException {
        try (Connection admin = admin(); Statement st = admin.createStatement()) {
            assertThat(lines(st, "SELECT indexname FROM pg_indexes WHERE tablename = 'user_features' ORDER BY 1"))
                    .containsExactly("user_features_natural_key", "user_features_pkey");
        }
    }

    @Test
    void secondRunChangesNothing() throws SQLException {
        try (Connection admin = admin()) {
            assertThat(snapshot(admin)).isEqualTo(snapshotAfterFirstRun);
        }
        assertThat(snapshotAfterFirstRun)
                .contains("feature_id|uuid|null|NO|", "user_id|character varying|255|NO|",
                        "feature_value|double precision|null|NO|", "ingestion_timestamp|timestamp with time zone|null|NO|",
                        "user_features_natural_key|UNIQUE (user_id, event_type, ingestion_timestamp) INCLUDE (feature_value, arrived_at)|",
                        "user_features_pkey|PRIMARY KEY (feature_id, ingestion_timestamp)|",
                        "connect_writer|t|f|f|f|", "scoring_reader|t|f|f|f|",
                        "connect_writer|SELECT|", "scoring_reader|SELECT|",
                        "connect_writer|ingestion_timestamp|INSERT|", "connect_writer|ingestion_timestamp|UPDATE|")
                .doesNotContain("connect_writer|DELETE|", "scoring_reader|INSERT|", "connect_writer|arrived_at|",
                        "connect_writer|INSERT|", "connect_writer|UPDATE|");
    }

    @Test
    void connectWriterUpsertsButCannotDeleteOrCreateTables() throws SQLException {
        try (Connection writer = login("connect_writer", WRITER_PASSWORD); Statement st = writer.createStatement()) {
            String upsert = "INSERT INTO user_features VALUES ('" + FEATURE_ID + "', 'user2', 'prediction_input', %s, "
                    + "'2026-01-20T15:00:00.000Z') ON CONFLICT (feature_id, ingestion_timestamp) DO UPDATE SET feature_value = EXCLUDED.feature_value";
            st.executeUpdate(upsert.formatted(45));
            st.executeUpdate(upsert.formatted(46));
            try (ResultSet rs = st.executeQuery("SELECT count(*), max(feature_value) FROM user_features WHERE feature_id = '"
                    + FEATURE_ID + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getDouble(2)).isEqualTo(46.0);
            }
            assertRefused(st, "CREATE TABLE sneaky (id int)", "permission denied for schema public");
            assertRefused(st, "DELETE FROM user_features", "permission denied for table user_features");
        }
    }

    @Test
    void aRedeliveredUpsertKeepsTheFirstArrivalAndTheWriterCannotSetIt() throws Exception {
        String id = "6f1c2d3e-0000-5000-8000-000000000001";
        String upsert = "INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                + "VALUES ('" + id + "', 'arrival-user', 'view', %s, '2026-01-20T15:00:00Z') "
                + "ON CONFLICT (feature_id, ingestion_timestamp) DO UPDATE SET feature_value = EXCLUDED.feature_value, "
                + "ingestion_timestamp = EXCLUDED.ingestion_timestamp";
        try (Connection writer = login("connect_writer", WRITER_PASSWORD); Statement st = writer.createStatement()) {
            st.executeUpdate(upsert.formatted(1));
            Object first = arrivedAt(st, id);
            Thread.sleep(20);
            st.executeUpdate(upsert.formatted(2));

            assertThat(arrivedAt(st, id)).isNotNull().isEqualTo(first);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE user_features SET arrived_at = now() WHERE feature_id = '" + id + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for table user_features");
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO user_features VALUES (gen_random_uuid(), 'u', 'e', 1, now(), now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for table user_features");
        }
    }

    private static Object arrivedAt(Statement st, String featureId) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT arrived_at FROM user_features WHERE feature_id = '" + featureId + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getObject(1, java.time.OffsetDateTime.class);
        }
    }

    @Test
    void migratesATableFromBeforeArrivedAtKeepingItsRows() throws Exception {
        try (Connection legacy = freshDatabase("legacy"); Statement st = legacy.createStatement()) {
            st.execute("""
                    CREATE TABLE user_features (
                        feature_id UUID PRIMARY KEY, user_id VARCHAR(255) NOT NULL, event_type VARCHAR(255) NOT NULL,
                        feature_value DOUBLE PRECISION NOT NULL, ingestion_timestamp TIMESTAMPTZ NOT NULL,
                        CONSTRAINT user_features_natural_key UNIQUE (user_id, event_type, ingestion_timestamp))""");
            st.execute("INSERT INTO user_features VALUES ('" + FEATURE_ID + "', 'user2', 'view', 3, '2026-01-20T15:00:00Z')");

            assertThat(runSchema(legacy, WRITER_PASSWORD, READER_PASSWORD)).isNull();
            assertThat(runSchema(legacy, WRITER_PASSWORD, READER_PASSWORD)).as("a second run").isNull();

            try (ResultSet rs = st.executeQuery("SELECT feature_value, arrived_at IS NOT NULL, "
                    + "(SELECT is_nullable FROM information_schema.columns WHERE table_name = 'user_features' "
                    + "AND column_name = 'arrived_at') FROM user_features")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getDouble(1)).isEqualTo(3.0);
                assertThat(rs.getBoolean(2)).isTrue();
                assertThat(rs.getString(3)).isEqualTo("NO");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aTableFromBeforePartitioningBecomesItsLegacyPartition() throws Exception {
        try (Connection flat = freshDatabase("flat"); Statement st = flat.createStatement()) {
            st.execute("""
                    CREATE TABLE user_features (
                        feature_id UUID PRIMARY KEY, user_id VARCHAR(255) NOT NULL, event_type VARCHAR(255) NOT NULL,
                        feature_value DOUBLE PRECISION NOT NULL, ingestion_timestamp TIMESTAMPTZ NOT NULL,
                        CONSTRAINT user_features_natural_key UNIQUE (user_id, event_type, ingestion_timestamp),
                        arrived_at TIMESTAMPTZ NOT NULL DEFAULT now())""");
            st.execute("INSERT INTO user_features SELECT gen_random_uuid(), 'u' || i, 'view', i, now() - i * interval '1 day' "
                    + "FROM generate_series(0, 99) i");

            assertThat(runSchema(flat, WRITER_PASSWORD, READER_PASSWORD)).isNull();
            assertThat(runSchema(flat, WRITER_PASSWORD, READER_PASSWORD)).as("a second run").isNull();

            assertThat(single(st, "SELECT relkind FROM pg_class WHERE relname = 'user_features'")).isEqualTo("p");
            assertThat(single(st, "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'user_features_legacy'"))
                    .startsWith("FOR VALUES FROM (MINVALUE) TO (");
            assertThat(single(st, "SELECT count(*) || ' ' || sum(feature_value) FROM user_features WHERE tableoid = "
                    + "'user_features_legacy'::regclass")).isEqualTo("100 4950");
            assertThat(lines(st, "SELECT indexdef FROM pg_indexes WHERE tablename = 'user_features_legacy' ORDER BY 1"))
                    .as("its old natural key is replaced by the parent's, nothing else is left over").hasSize(2)
                    .anySatisfy(d -> assertThat(d).startsWith("CREATE UNIQUE INDEX")
                            .endsWith("(user_id, event_type, ingestion_timestamp) INCLUDE (feature_value, arrived_at)"));
            // This week's events go to the old table (it covers up to the end of its newest row's week), later ones to weekly partitions.
            st.execute("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) VALUES "
                    + "(gen_random_uuid(), 'now', 'view', 1, now()), (gen_random_uuid(), 'next', 'view', 1, now() + interval '8 days')");
            assertThat(single(st, "SELECT tableoid::regclass::text FROM user_features WHERE user_id = 'now'")).isEqualTo("user_features_legacy");
            assertThat(single(st, "SELECT tableoid::regclass::text FROM user_features WHERE user_id = 'next'")).matches("user_features_\\d{4}w\\d{2}");
        }
    }

    @Test
    void arrivedAtIsEachRowsInsertTimeOnEveryPartitionEvenOfATableMadeWithTheOldDefault() throws Exception {
        try (Connection db = freshDatabase("insert_time"); Statement st = db.createStatement()) {
            // The old default: the transaction's start.
            st.execute("""
                    CREATE TABLE user_features (
                        feature_id UUID NOT NULL, user_id VARCHAR(255) NOT NULL, event_type VARCHAR(255) NOT NULL,
                        feature_value DOUBLE PRECISION NOT NULL, ingestion_timestamp TIMESTAMPTZ NOT NULL,
                        CONSTRAINT user_features_pkey PRIMARY KEY (feature_id, ingestion_timestamp),
                        CONSTRAINT user_features_natural_key UNIQUE (user_id, event_type, ingestion_timestamp),
                        arrived_at TIMESTAMPTZ NOT NULL DEFAULT now()) PARTITION BY RANGE (ingestion_timestamp)""");
            // This week's partition, made then too (named as feature_store_maintain() names it, so it is kept).
            st.execute("DO $p$ DECLARE w timestamptz := date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'; BEGIN "
                    + "EXECUTE format('CREATE TABLE %I PARTITION OF user_features FOR VALUES FROM (%L) TO (%L)', "
                    + "'user_features_' || to_char(w AT TIME ZONE 'UTC', 'IYYY\"w\"IW'), w, w + interval '1 week'); END $p$");
            assertThat(single(st, "SELECT count(*) FROM pg_attrdef WHERE pg_get_expr(adbin, adrelid) = 'now()'")).isEqualTo("2");
            assertThat(runSchema(db, WRITER_PASSWORD, READER_PASSWORD)).isNull();
            assertThat(runSchema(db, WRITER_PASSWORD, READER_PASSWORD)).as("a second run").isNull();
            assertThat(single(st, "SELECT indexdef FROM pg_indexes WHERE indexname = 'user_features_lookup'"))
                    .as("its natural key has no INCLUDE columns, so lookups get their own index")
                    .endsWith("(user_id, event_type, ingestion_timestamp) INCLUDE (feature_value, arrived_at)");

            assertThat(lines(st, "SELECT c.relname || ' ' || pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                    + "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum JOIN pg_class c ON c.oid = d.adrelid "
                    + "WHERE a.attname = 'arrived_at' AND c.relname LIKE 'user_features%'"))
                    .as("the parent and every partition").hasSizeGreaterThan(2)
                    .allSatisfy(line -> assertThat(line).contains("clock_timestamp()").contains("pg_current_xact_id()"));
            // One transaction, two rows through the parent into two partitions, 200 ms apart: each row has its own time.
            db.setAutoCommit(false);
            st.execute("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "VALUES (gen_random_uuid(), 'first', 'view', 1, now())");
            st.execute("SELECT pg_sleep(0.2)");
            st.execute("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "VALUES (gen_random_uuid(), 'second', 'view', 1, now() + interval '8 days')");
            String started = single(st, "SELECT now()::text");
            db.commit();
            db.setAutoCommit(true);
            assertThat(single(st, "SELECT count(DISTINCT tableoid) FROM user_features")).isEqualTo("2");
            assertThat(single(st, "SELECT (SELECT arrived_at FROM user_features WHERE user_id = 'first') > '" + started
                    + "'::timestamptz")).as("later than the transaction's start").isEqualTo("t");
            assertThat(single(st, "SELECT (SELECT arrived_at FROM user_features WHERE user_id = 'second') - "
                    + "(SELECT arrived_at FROM user_features WHERE user_id = 'first') >= interval '200 milliseconds'"))
                    .as("the second row's insert time").isEqualTo("t");
        }
    }

    @Test
    void maintenanceCreatesWeeksAheadAndDropsOnlyWholeExpiredWeeks() throws Exception {
        try (Connection db = freshDatabase("retention"); Statement st = db.createStatement()) {
            assertThat(runSchema(db, WRITER_PASSWORD, READER_PASSWORD)).isNull();
            assertThat(lines(st, "SELECT * FROM feature_store_maintain(since => now() - interval '30 days')"))
                    .hasSizeBetween(5, 6).first().asString().startsWith("moved the upper bound of user_features_history back to ");
            // One row an hour for 35 days: the oldest days have no weekly partition and go to the history one.
            st.execute("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "SELECT gen_random_uuid(), 'u', 'click', i, now() - i * interval '1 hour' FROM generate_series(0, 24 * 35) i");
            assertThat(single(st, "SELECT count(*) FROM user_features WHERE ingestion_timestamp >= now() + interval '3 weeks'")).isEqualTo("0");
            assertThat(single(st, "SELECT to_regclass('user_features_' || to_char(date_trunc('week', now() AT TIME ZONE 'UTC') "
                    + "+ interval '4 weeks', 'IYYY\"w\"IW')) IS NOT NULL")).as("the partition of 4 weeks ahead exists").isEqualTo("t");

            List<String> dropped = lines(st, "SELECT * FROM feature_store_maintain(interval '14 days')");

            assertThat(dropped).hasSizeGreaterThan(1).allMatch(line -> line.startsWith("dropped user_features_"))
                    .anyMatch(line -> line.startsWith("dropped user_features_history"));
            // Every partition left can hold rows younger than 14 days; none older than 14 days + 1 week is left.
            assertThat(single(st, "SELECT count(*) FROM user_features WHERE ingestion_timestamp < now() - interval '21 days'"))
                    .isEqualTo("0");
            // Every row younger than 14 days is still there (half an hour of margin: this now() is later than the insert's).
            assertThat(single(st, "SELECT count(*) FROM user_features WHERE ingestion_timestamp >= now() - interval '14 days' "
                    + "+ interval '30 minutes'")).isEqualTo(String.valueOf(14 * 24));
            assertThat(lines(st, "SELECT * FROM feature_store_maintain(interval '14 days')")).as("a second run").isEmpty();
            // The latest-value lookup reads the partitions newest first and stops (no DEFAULT partition forces a Merge Append).
            assertThat(String.join("\n", lines(st, "EXPLAIN (COSTS OFF) SELECT feature_value FROM user_features WHERE user_id = 'u' "
                    + "AND event_type = 'click' AND ingestion_timestamp <= now() ORDER BY ingestion_timestamp DESC LIMIT 1")))
                    .contains("Append").doesNotContain("Merge Append").doesNotContain("Sort");
            assertThatThrownBy(() -> lines(st, "SELECT * FROM feature_store_maintain(interval '-1 day')"))
                    .hasMessageContaining("retention must be positive");
        }
    }

    @Test
    void grantsOnTheParentCoverItsPartitionsButNotDirectAccess() throws Exception {
        try (Connection writer = login("connect_writer", WRITER_PASSWORD); Statement st = writer.createStatement()) {
            st.executeUpdate("INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp) "
                    + "VALUES (gen_random_uuid(), 'grants', 'view', 1, now() + interval '7 days')");
            String partition = single(st, "SELECT tableoid::regclass::text FROM user_features WHERE user_id = 'grants'");
            assertThat(partition).matches("user_features_\\d{4}w\\d{2}");
            assertRefused(st, "SELECT count(*) FROM " + partition, "permission denied for table " + partition);
            assertRefused(st, "SELECT * FROM feature_store_maintain()", "permission denied for function feature_store_maintain");
        }
        try (Connection reader = login("scoring_reader", READER_PASSWORD); Statement st = reader.createStatement()) {
            assertThat(single(st, "SELECT count(*) FROM user_features WHERE user_id = 'grants'")).isEqualTo("1");
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        List<String> rows = lines(st, sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    private static List<String> lines(Statement st, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void scoringReaderCanOnlySelect() throws SQLException {
        try (Connection reader = login("scoring_reader", READER_PASSWORD); Statement st = reader.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM user_features")) {
                assertThat(rs.next()).isTrue();
            }
            assertRefused(st, "INSERT INTO user_features VALUES (gen_random_uuid(), 'u', 'e', 1, now())",
                    "permission denied for table user_features");
            assertRefused(st, "UPDATE user_features SET feature_value = 0", "permission denied for table user_features");
        }
    }

    @Test
    void publicCanNeitherConnectNorCreateTemporaryTables() throws SQLException {
        try (Connection admin = admin(); Statement st = admin.createStatement()) {
            st.execute("DROP ROLE IF EXISTS outsider");
            st.execute("CREATE ROLE outsider LOGIN PASSWORD 'outsider-secret-1'");
        }
        assertThatThrownBy(() -> login("outsider", "outsider-secret-1").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("User does not have CONNECT privilege");
        for (String[] role : new String[][] {{"connect_writer", WRITER_PASSWORD}, {"scoring_reader", READER_PASSWORD}}) {
            try (Connection db = login(role[0], role[1]); Statement st = db.createStatement()) {
                assertThatThrownBy(() -> st.execute("CREATE TEMP TABLE scratch (id int)")).as(role[0])
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied to create temporary tables in database");
            }
        }
        try (Connection admin = admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(a.privilege_type, ',') FROM pg_database, "
                     + "aclexplode(datacl) a WHERE datname = current_database() AND a.grantee = 0")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("what PUBLIC (grantee 0) still has on the database").isNull();
        }
    }

    @Test
    void passwordsComeFromTheSessionAndAreKeptWhenNotGiven() throws Exception {
        assertThatThrownBy(() -> login("connect_writer", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        try (Connection admin = admin()) {
            assertThat(runSchema(admin, null, null)).as("a re-run without passwords keeps them").isNull();
        }
        login("connect_writer", WRITER_PASSWORD).close();
        login("scoring_reader", READER_PASSWORD).close();
        assertThat(Files.readString(SCHEMA)).doesNotContain(WRITER_PASSWORD).doesNotContainIgnoringCase("PASSWORD '");
    }

    @Test
    void worksFromPsqlWithPgOptionsToo() throws Exception {
        Path psql = Stream.of("/usr/bin/psql", "/usr/lib/postgresql/17/bin/psql", "/usr/lib/postgresql/16/bin/psql",
                "/usr/lib/postgresql/15/bin/psql").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        assumeThat(psql).as("psql installed").isNotNull();
        ProcessBuilder pb = new ProcessBuilder(psql.toString(), "-h", "127.0.0.1", "-p", String.valueOf(postgres.getPort()),
                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-q", "-f", SCHEMA.toString())
                .redirectErrorStream(true);
        pb.environment().put("PGOPTIONS", "-c kp.connect_password=" + WRITER_PASSWORD + " -c kp.scoring_password=" + READER_PASSWORD);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        login("connect_writer", WRITER_PASSWORD).close();
    }
}
