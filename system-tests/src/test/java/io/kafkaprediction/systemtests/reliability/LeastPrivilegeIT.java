package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.systemtests.SystemStack;

/** Each database role can do its job and nothing more: the scoring role reads, the connector role writes rows. */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class LeastPrivilegeIT {
    private static final String ROW = "('00000000-0000-0000-0000-000000000001', 'intruder', 'click', 1.0, now())";

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO user_features VALUES " + ROW,
            "UPDATE user_features SET feature_value = 0",
            "DELETE FROM user_features",
            "TRUNCATE user_features"})
    void scoringRoleCannotWrite(String sql, LocalStack stack) throws SQLException {
        try (Connection db = connect(stack, StackNames.SCORING_DB_USER, stack.scoringDbPassword());
             Statement st = db.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for table user_features")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void scoringRoleCanRead(LocalStack stack) throws SQLException {
        try (Connection db = connect(stack, StackNames.SCORING_DB_USER, stack.scoringDbPassword());
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM user_features")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE user_features|must be owner of table user_features",
            "CREATE TABLE user_features_copy (id int)|permission denied for schema public",
            "ALTER TABLE user_features ADD COLUMN extra int|must be owner of table user_features",
            "DELETE FROM user_features|permission denied for table user_features",
            "TRUNCATE user_features|permission denied for table user_features",
            "CREATE ROLE intruder|permission denied to create role"})
    void connectorRoleCannotChangeTheSchemaOrDeleteRows(String sqlAndMessage, LocalStack stack) throws SQLException {
        String sql = sqlAndMessage.substring(0, sqlAndMessage.indexOf('|'));
        String message = sqlAndMessage.substring(sqlAndMessage.indexOf('|') + 1);
        try (Connection db = connect(stack, StackNames.CONNECT_DB_USER, stack.connectDbPassword());
             Statement st = db.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining(message)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void rolesLogInOnlyWithTheirOwnPassword(LocalStack stack) {
        assertThatThrownBy(() -> connect(stack, StackNames.SCORING_DB_USER, stack.connectDbPassword()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"" + StackNames.SCORING_DB_USER + "\"");
    }

    @Test
    void superuserNeedsItsPasswordToo(LocalStack stack) throws SQLException {
        assertThatThrownBy(() -> connect(stack, "postgres", stack.scoringDbPassword()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"postgres\"");
        try (Connection admin = stack.postgres().connect("postgres")) {
            assertThat(admin.isValid(5)).as("the stack's own admin connection, with the generated password").isTrue();
        }
    }

    private static Connection connect(LocalStack stack, String user, String password) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), user, password);
    }
}
