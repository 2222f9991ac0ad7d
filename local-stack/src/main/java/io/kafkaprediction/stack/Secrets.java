package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;

/**
 * Database passwords that were not given in the environment: generated once and kept in
 * {@code secrets.properties} in the data folder, readable by its owner only.
 */
final class Secrets {
    static final String FILE_NAME = "secrets.properties";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path file;
    private final Properties values = new Properties();

    Secrets(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** The stored value of {@code key}, generated and stored first if absent. */
    synchronized String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            value = generate();
            values.setProperty(key, value);
            store();
        }
        return value;
    }

    /** The stored value of {@code key}, if any (nothing is generated). */
    synchronized Optional<String> find(String key) {
        return Optional.ofNullable(values.getProperty(key));
    }

    /** Enough to recognise a password in a log, never enough to use it. */
    static String masked(String secret) {
        return secret.length() <= 4 ? "****" : secret.substring(0, 2) + "****";
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private void store() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                values.store(out, "Generated database passwords of the local stack; never commit this file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
