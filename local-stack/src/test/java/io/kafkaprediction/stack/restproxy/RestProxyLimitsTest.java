package io.kafkaprediction.stack.restproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What clients cannot make the REST Proxy API hold, over real sockets: bodies past the limit are
 * cut while they arrive (declared or chunked; one just over it is read and answered), slow senders hold no thread, a body has a deadline,
 * and all bodies together a byte budget.
 */
class RestProxyLimitsTest {
    private static final int MAX_BODY = 64 * 1024;
    private static final long GIGABYTE = 1L << 30;
    private static final String PRODUCE = "{\"records\":[{\"value\":{\"user_id\":\"u1\",\"event_type\":\"click\",\"value\":1}}]}";

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private RestProxyServer server;

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RestProxyServer start(RestProxyLimits limits) {
        server = RestProxyServer.start("127.0.0.1", 0, producer, new OneTopic(), limits);
        return server;
    }

    @Test
    void declaredGigabyteAnswers413WithoutReadingTheBody() throws Exception {
        start(RestProxyLimits.withMaxBody(MAX_BODY));
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        out.write(head("Content-Length: " + GIGABYTE));
        out.flush();

        // The answer comes while the client has sent no byte of the body.
        String response = readResponse(socket.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                .endsWith("{\"error_code\":413,\"message\":\"Request body larger than " + MAX_BODY + " bytes\"}");
        assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        assertThat(server.bufferedBytes()).isZero();
    }

    @Test
    void bodyJustOverTheLimitIsReadAndAnswered413OnAConnectionThatStaysUsable() throws Exception {
        start(RestProxyLimits.withMaxBody(MAX_BODY));
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        out.write(head("Content-Length: " + (MAX_BODY + 100)));
        out.write(new byte[MAX_BODY + 100]);
        out.write("GET /topics HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();

        String first = readResponse(socket.getInputStream());
        String second = readResponse(socket.getInputStream());

        // The client that sent it all reads its answer (closing on unread bytes would reset the connection).
        assertThat(first).startsWith("HTTP/1.1 413").doesNotContainIgnoringCase("connection: close");
        assertThat(second).startsWith("HTTP/1.1 200").endsWith("[\"events\"]");
        assertThat(server.bufferedBytes()).isZero();
    }

    @Test
    void chunkedGigabyteIsCutAtTheLimitAndTheRestIsNeverRead() throws Exception {
        start(RestProxyLimits.withMaxBody(MAX_BODY));
        Socket socket = open();
        socket.getOutputStream().write(head("Transfer-Encoding: chunked"));
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sendChunked(socket, GIGABYTE, sent));

        String response = readResponse(socket.getInputStream());
        sender.get(60, TimeUnit.SECONDS);

        assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                .contains("Request body larger than " + MAX_BODY + " bytes");
        // Had the server drained the body, the client would have sent the whole gigabyte; it stopped
        // once the server had thrown away twice the limit and closed, and the socket buffers were full.
        assertThat(sent.get()).as("bytes the client could send").isLessThan(64L * 1024 * 1024);
        assertThat(producer.history()).isEmpty();
        assertThat(server.bufferedBytes()).isZero();
    }

    @Test
    void hundredSlowSendersDoNotStarveOtherClients() throws Exception {
        start(RestProxyLimits.withMaxBody(MAX_BODY).withBodyTimeout(Duration.ofMinutes(2)));
        List<Socket> slow = new ArrayList<>();
        // More slow senders than the server has threads (64): with blocking body reads they would hold them all.
        for (int i = 0; i < 100; i++) {
            Socket socket = open();
            socket.getOutputStream().write(head("Content-Length: " + PRODUCE.length()));
            socket.getOutputStream().flush();
            slow.add(socket);
        }
        trickle.scheduleAtFixedRate(() -> slow.forEach(s -> {
            try {
                s.getOutputStream().write(' ');
                s.getOutputStream().flush();
            } catch (IOException ignored) {
                // checked below: every slow connection is still open
            }
        }), 0, 1, TimeUnit.SECONDS);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/topics/events"))
                            .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/vnd.kafka.json.v2+json")
                            .POST(HttpRequest.BodyPublishers.ofString(PRODUCE)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> other : others) {
            HttpResponse<String> response = other.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(producer.history()).hasSize(20);
        for (Socket s : slow) {
            assertThat(s.getInputStream().available()).as("a slow sender got no answer yet").isZero();
            assertThat(s.isClosed()).isFalse();
        }
    }

    @Test
    void bodyNotCompleteWithinTheBodyTimeoutAnswers408() throws Exception {
        start(RestProxyLimits.withMaxBody(MAX_BODY).withBodyTimeout(Duration.ofSeconds(2)));
        Socket socket = open();
        socket.getOutputStream().write(head("Content-Length: " + PRODUCE.length()));
        socket.getOutputStream().write(PRODUCE.substring(0, 10).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();

        String response = readResponse(socket.getInputStream());

        assertThat(response).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close")
                .contains("Request body not complete within 2000 ms");
        assertThat(producer.history()).isEmpty();
        assertThat(server.bufferedBytes()).isZero();
    }

    @Test
    void bodiesBeyondTheBudgetAnswer503AndTheBudgetComesBack() throws Exception {
        start(RestProxyLimits.withMaxBody(MAX_BODY).withBufferedBytesBudget(2L * MAX_BODY));
        List<Socket> holding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket socket = open();
            socket.getOutputStream().write(head("Content-Length: " + MAX_BODY));
            socket.getOutputStream().write(new byte[MAX_BODY - 1]);
            socket.getOutputStream().flush();
            holding.add(socket);
        }
        awaitBuffered(2L * (MAX_BODY - 1));
        Socket third = open();
        third.getOutputStream().write(head("Content-Length: " + MAX_BODY));
        third.getOutputStream().write(new byte[16]);
        third.getOutputStream().flush();

        String response = readResponse(third.getInputStream());

        assertThat(response).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1")
                .containsIgnoringCase("connection: close");
        for (Socket socket : holding) {
            socket.close();
        }
        awaitBuffered(0);
    }

    private void awaitBuffered(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.bufferedBytes() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.bufferedBytes()).isEqualTo(expected);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(30_000);
        sockets.add(socket);
        return socket;
    }

    private static byte[] head(String lengthHeader) {
        return ("POST /topics/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/vnd.kafka.json.v2+json\r\n"
                + lengthHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends up to {@code total} bytes in 64 KB chunks until the server stops taking them. */
    private static void sendChunked(Socket socket, long total, AtomicLong sent) {
        byte[] data = new byte[64 * 1024];
        java.util.Arrays.fill(data, (byte) 'x');
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            OutputStream out = socket.getOutputStream();
            while (sent.get() < total) {
                out.write(size);
                out.write(data);
                out.write('\r');
                out.write('\n');
                sent.addAndGet(data.length);
            }
        } catch (IOException expected) {
            // the server closed the connection: what the test wants
        }
    }

    /** Head and body of one response (the body by its Content-Length). */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed after: %s", head).isNotNegative();
            head.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static final class OneTopic implements TopicCatalog {
        @Override
        public List<String> topics() {
            return List.of("events");
        }

        @Override
        public OptionalInt partitionCount(String topic) {
            return "events".equals(topic) ? OptionalInt.of(1) : OptionalInt.empty();
        }

        @Override
        public Optional<Map<String, Object>> describe(String topic) {
            return Optional.empty();
        }
    }
}
