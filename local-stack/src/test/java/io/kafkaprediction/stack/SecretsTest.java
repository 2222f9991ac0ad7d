package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void generatesOncePerKeyAndKeepsItInAnOwnerOnlyFile(@TempDir Path dataDir) throws Exception {
        String first = new Secrets(dataDir).get("connect_db_password");

        String again = new Secrets(dataDir).get("connect_db_password");
        String other = new Secrets(dataDir).get("scoring_db_password");

        assertThat(first).hasSize(24).isEqualTo(again).isNotEqualTo(other);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(Secrets.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void maskedShowsTwoCharactersAtMost() {
        assertThat(Secrets.masked("Xy3abcdefgh")).isEqualTo("Xy****");
        assertThat(Secrets.masked("abc")).isEqualTo("****");
    }
}
