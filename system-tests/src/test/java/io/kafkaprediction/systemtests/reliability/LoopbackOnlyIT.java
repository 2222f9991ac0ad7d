package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * Every socket that any process of the stack listens on is bound to the loopback address: read
 * from /proc/net/tcp{,6} and matched to the processes through their socket inodes, so listeners
 * nobody configured (the KRaft controller, a JMX port) are caught too.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@EnabledOnOs(OS.LINUX)
@ExtendWith(SystemStack.class)
class LoopbackOnlyIT {
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";
    private static final Set<String> LOOPBACK = Set.of(
            "0100007F",                                 // 127.0.0.1
            "00000000000000000000000001000000",         // ::1
            "0000000000000000FFFF00000100007F");        // ::ffff:127.0.0.1 (a Java socket bound to 127.0.0.1)

    @Test
    void everyProcessOfTheStackListensOnLoopbackOnly(LocalStack stack) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>(stack.pids());
        pids.put("postgres", postmasterPid(stack));
        List<String> listening = new ArrayList<>();
        List<String> exposed = new ArrayList<>();
        Map<String, String[]> sockets = listeningSockets();

        for (Map.Entry<String, Long> process : pids.entrySet()) {
            for (String inode : socketInodes(process.getValue())) {
                String[] socket = sockets.get(inode);
                if (socket == null) {
                    continue;
                }
                String where = process.getKey() + " (pid " + process.getValue() + ") " + socket[0] + ":" + Integer.parseInt(socket[1], 16);
                listening.add(where);
                if (!LOOPBACK.contains(socket[0])) {
                    exposed.add(where);
                }
            }
        }
        System.out.println("RELIABILITY | listening sockets of the stack: " + listening.size() + " | not loopback: " + exposed);
        listening.forEach(l -> System.out.println("  " + l));

        assertThat(listening).as("listening sockets found for " + pids).hasSizeGreaterThanOrEqualTo(pids.size());
        assertThat(exposed).as("sockets bound to an address other than loopback").isEmpty();
    }

    private static long postmasterPid(LocalStack stack) throws IOException {
        Path pidFile = stack.config().dataDir().resolve("postgres").resolve("postmaster.pid");
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    /** inode -> {hex address, hex port} of every listening TCP socket. */
    private static Map<String, String[]> listeningSockets() throws IOException {
        Map<String, String[]> sockets = new LinkedHashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN)) {
                    String[] local = f[1].split(":");
                    sockets.put(f[9], new String[] {local[0], local[1]});
                }
            }
        }
        return sockets;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we listed them
                }
            }
        }
        return inodes;
    }
}
