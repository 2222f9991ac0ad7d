package io.kafkaprediction.scoring.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one HTTP/1.1 request on each of many connections opened beforehand, all at once, and
 * times each answer from the moment its request was written to the moment its last byte came
 * back. One selector thread reads every answer, so the timing is the server's, not a client
 * library's queueing (the JDK client needs seconds to get 500 concurrent requests out on a small
 * machine). Hand-written for that reason; it reads only what the tests need: the status, the
 * headers and a Content-Length body.
 */
public final class RawHttpBurst implements AutoCloseable {

    private final List<SocketChannel> channels = new ArrayList<>();
    private final String host;

    /** Opens {@code connections} connections to the server (before any timing starts). */
    public RawHttpBurst(URL server, int connections) throws IOException {
        this.host = server.getHost() + ":" + server.getPort();
        for (int i = 0; i < connections; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(server.getHost(), server.getPort()));
            channel.socket().setTcpNoDelay(true);
            channel.configureBlocking(false);
            channels.add(channel);
        }
    }

    /** POSTs {@code body} as JSON to {@code path} on every connection at once. */
    public List<Answer> postJson(String path, String body, Duration within) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        try (Selector selector = Selector.open()) {
            List<Reading> readings = new ArrayList<>();
            for (SocketChannel channel : channels) {
                Reading reading = new Reading();
                readings.add(reading);
                channel.register(selector, SelectionKey.OP_READ, reading);
            }
            for (int i = 0; i < channels.size(); i++) {
                ByteBuffer out = ByteBuffer.wrap(request);
                readings.get(i).start = System.nanoTime();
                while (out.hasRemaining()) {
                    channels.get(i).write(out); // a few hundred bytes: the socket buffer takes them at once
                }
            }
            long until = System.nanoTime() + within.toNanos();
            int open = channels.size();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (open > 0 && System.nanoTime() < until) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Reading reading = (Reading) key.attachment();
                    in.clear();
                    int n = ((SocketChannel) key.channel()).read(in);
                    if (n > 0) {
                        reading.bytes.write(in.array(), 0, n);
                    }
                    if (reading.end == 0 && (reading.complete() || n < 0)) {
                        reading.end = System.nanoTime();
                        key.cancel();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
            List<Answer> answers = new ArrayList<>();
            for (Reading r : readings) {
                answers.add(r.answer());
            }
            return answers;
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }

    /** status -1: no complete answer in time. */
    public record Answer(int status, Map<String, String> headers, String body, long nanos) {
    }

    private static final class Reading {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start;
        long end;

        boolean complete() {
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return false;
            }
            String length = headers(text.substring(0, headEnd)).get("content-length");
            return length != null && text.length() - headEnd - 4 >= Integer.parseInt(length);
        }

        Answer answer() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (end == 0 || headEnd < 0) {
                return new Answer(-1, Map.of(), text, Long.MAX_VALUE);
            }
            String head = text.substring(0, headEnd);
            int status = Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
            return new Answer(status, headers(head), text.substring(headEnd + 4), end - start);
        }

        private static Map<String, String> headers(String head) {
            Map<String, String> headers = new LinkedHashMap<>();
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return headers;
        }
    }
}
