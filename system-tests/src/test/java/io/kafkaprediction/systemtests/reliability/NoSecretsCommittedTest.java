package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No secret in any file git tracks or would add (tracked plus untracked-but-not-ignored): private
 * keys, cloud and forge tokens, and passwords written as values instead of read from the
 * environment. Placeholders, empty values and {@code ${...}} references pass.
 */
class NoSecretsCommittedTest {
    private static final List<Pattern> ALWAYS_SECRET = List.of(
            Pattern.compile("-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b|\\bgithub_pat_[A-Za-z0-9_]{40,}"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("\\bsk-[A-Za-z0-9]{32,}"));
    /** key = value, key: value, "key": "value", key=value in a URL query. */
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?i)[\"']?\\b([a-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key))[\"']?\\s*(?::|=|:=)\\s*[\"']?([^\\s\"',;&)}]*)");
    private static final String ALLOWLIST = "reliability/secret-scan-allowlist.txt";
    /** scheme://user:password@host */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^\\s/:@\"']+:([^\\s/@\"']+)@");

    @Test
    void noFileGitWouldCommitHoldsASecret() throws Exception {
        Path root = repositoryRoot();
        List<String> files = gitFiles(root);
        List<String[]> allowlist = allowlist();
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        for (String file : files) {
            Path path = root.resolve(file);
            if (file.endsWith(ALLOWLIST) || !Files.isRegularFile(path) || Files.size(path) > 2_000_000) {
                continue;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
            } catch (CharacterCodingException binary) {
                continue;
            }
            scanned++;
            String[] lines = text.split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                for (String finding : findings(lines[n])) {
                    if (!allowed(allowlist, file, lines[n])) {
                        findings.add(file + ":" + (n + 1) + ": " + finding);
                    }
                }
            }
        }
        System.out.println("RELIABILITY | secret scan: " + scanned + " text files of " + files.size() + " that git tracks or would add"
                + " | findings: " + findings.size());
        assertThat(scanned).as("text files scanned").isPositive();
        assertThat(findings).as("secrets in files git would commit (read them from the environment instead)").isEmpty();
    }

    @Test
    void scannerFindsSecretsAndLetsPlaceholdersPass() {
        // Split literals: this file must pass its own scan.
        assertThat(findings("POSTGRES_PASSWORD=hunt" + "er2hunter2")).hasSize(1);
        assertThat(findings("\"connection.password\": \"s3cr" + "3t-value\",")).hasSize(1);
        assertThat(findings("url: postgresql://app:Pa5" + "5word@db:5432/x")).hasSize(1);
        assertThat(findings("-----BEGIN RSA PRIVATE " + "KEY-----")).hasSize(1);
        assertThat(findings("aws_key = AKIA" + "ABCDEFGHIJKLMNOP")).isNotEmpty();

        assertThat(findings("POSTGRES_PASSWORD=")).isEmpty();
        assertThat(findings("\"connection.password\": \"${env:FEATURE_DB_PASSWORD}\",")).isEmpty();
        assertThat(findings("password: ${DATABASE_PASSWORD:}")).isEmpty();
        assertThat(findings("PGPASSWORD=\"$POSTGRES_PASSWORD\" psql")).isEmpty();
        assertThat(findings("props.put(prefix + \"password\", password);")).isEmpty();
        assertThat(findings("String password = System.getenv(\"DATABASE_PASSWORD\");")).isEmpty();
        assertThat(findings("-c kp.connect_password=... -c kp.scoring_password=...")).isEmpty();
        assertThat(findings("password: <the scoring_reader password>")).isEmpty();
    }

    /** The secrets on one line, quoted short (the finding must not print the whole secret again). */
    static List<String> findings(String line) {
        List<String> found = new ArrayList<>();
        for (Pattern p : ALWAYS_SECRET) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                found.add("looks like a key or token: " + mask(m.group()));
            }
        }
        Matcher assigned = ASSIGNED.matcher(line);
        while (assigned.find()) {
            if (looksLikeALiteralSecret(assigned.group(2))) {
                found.add(assigned.group(1) + " has a literal value " + mask(assigned.group(2)));
            }
        }
        Matcher url = URL_CREDENTIALS.matcher(line);
        while (url.find()) {
            if (looksLikeALiteralSecret(url.group(1))) {
                found.add("URL with a password " + mask(url.group(1)));
            }
        }
        return found;
    }

    /** Not empty, not a reference ($VAR, ${...}), not a placeholder (<...>, ..., xxx), not code (a call or an identifier). */
    private static boolean looksLikeALiteralSecret(String value) {
        if (value.length() < 6 || value.startsWith("$") || value.startsWith("<") || value.startsWith("%")
                || value.startsWith("...") || value.matches("(?i)x+|\\*+|changeme|change-me|secret|password|null|none|true|false")) {
            return false;
        }
        // Code, not a value: an identifier or a call such as password, config.password(), getPassword()
        if (value.matches("[A-Za-z_][A-Za-z0-9_.]*(\\(.*)?") && !value.matches(".*\\d.*")) {
            return false;
        }
        return true;
    }

    /**
     * Lines of {@code reliability/secret-scan-allowlist.txt}: a path, a regex the line must match,
     * and after {@code #} why it is no secret (fixtures of throwaway test databases, say).
     */
    private static List<String[]> allowlist() throws IOException {
        try (var in = NoSecretsCommittedTest.class.getResourceAsStream("/" + ALLOWLIST)) {
            if (in == null) {
                return List.of();
            }
            List<String[]> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.contains("#") ? line.substring(0, line.indexOf('#')).trim() : line.trim();
                if (!entry.isEmpty()) {
                    String[] parts = entry.split("\\s+", 2);
                    if (parts.length < 2 || !line.contains("#")) {
                        throw new IllegalStateException("allowlist entry needs a path, a regex and a '# reason': " + line);
                    }
                    entries.add(parts);
                }
            }
            return entries;
        }
    }

    private static boolean allowed(List<String[]> allowlist, String file, String line) {
        return allowlist.stream().anyMatch(e -> e[0].equals(file) && Pattern.compile(e[1]).matcher(line).find());
    }

    private static String mask(String secret) {
        return secret.length() <= 4 ? "****" : secret.substring(0, 2) + "****";
    }

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        // A source archive without .git has no "committed files" to scan.
        Assumptions.abort("not in a git checkout: " + dir);
        return dir;
    }

    private static List<String> gitFiles(Path root) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .directory(root.toFile()).redirectErrorStream(false).start();
        byte[] out = git.getInputStream().readAllBytes();
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            throw new IllegalStateException("git ls-files failed in " + root + ": "
                    + new String(git.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
