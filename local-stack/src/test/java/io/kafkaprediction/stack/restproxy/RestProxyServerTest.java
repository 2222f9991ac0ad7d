package io.kafkaprediction.stack.restproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The REST Proxy API over real HTTP, with Kafka's MockProducer and an in-memory topic catalog. */
class RestProxyServerTest {
    private static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    private static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private static final HttpClient http = HttpClient.newHttpClient();
    private static MockProducer<byte[], byte[]> producer;
    private static RestProxyServer server;

    @BeforeAll
    static void startServer() {
        producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        server = RestProxyServer.start("127.0.0.1", 0, producer, new MapCatalog(Map.of("events", 2, "dlq", 1)), MAX_BODY);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void forgetEarlierSends() {
        producer.clear();
        producer.sendException = null;
    }

    @Test
    void producesJsonValueAndAnswersWithConfluentOffsetsBody() throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2,
                "{\"records\":[{\"value\":{\"user_id\":\"user2\",\"event_type\":\"click\",\"value\":45,\"timestamp\":\"2026-01-20T15:00:00Z\"}}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.kafka.v2+json");
        assertThat(response.body()).matches(
                "\\{\"offsets\":\\[\\{\"partition\":0,\"offset\":\\d+,\"error_code\":null,\"error\":null}],\"key_schema_id\":null,\"value_schema_id\":null}");
        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("events");
        assertThat(sent.key()).isNull();
        assertThat(new String(sent.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"user_id\":\"user2\",\"event_type\":\"click\",\"value\":45,\"timestamp\":\"2026-01-20T15:00:00Z\"}");
    }

    @Test
    void keepsDecimalNumbersAsWritten() throws Exception {
        post("/topics/events", JSON_V2, "{\"records\":[{\"value\":{\"value\":0.30000000000000004,\"big\":1E+400}}]}");

        assertThat(new String(producer.history().get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"value\":0.30000000000000004,\"big\":1E+400}");
    }

    @Test
    void sendsKeyAndPartitionOfEachRecord() throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2,
                "{\"records\":[{\"key\":\"user1\",\"value\":1,\"partition\":1},{\"value\":2,\"partition\":0}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode offsets = MAPPER.readTree(response.body()).get("offsets");
        assertThat(offsets).hasSize(2);
        assertThat(producer.history().get(0).partition()).isEqualTo(1);
        assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8)).isEqualTo("\"user1\"");
        assertThat(producer.history().get(1).partition()).isZero();
    }

    @Test
    void producesToThePartitionInThePath() throws Exception {
        HttpResponse<String> response = post("/topics/events/partitions/1", JSON_V2, "{\"records\":[{\"value\":1}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(producer.history().get(0).partition()).isEqualTo(1);
    }

    @Test
    void decodesBase64ValuesInBinaryFormat() throws Exception {
        HttpResponse<String> response = post("/topics/events", BINARY_V2, "{\"records\":[{\"value\":\"/wBub3QganNvbg==\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(producer.history().get(0).value()).containsExactly(0xff, 0x00, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n');
    }

    @Test
    void unknownTopicAnswers40401() throws Exception {
        HttpResponse<String> response = post("/topics/missing", JSON_V2, "{\"records\":[{\"value\":1}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error_code\":40401,\"message\":\"Topic missing not found.\"}");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void partitionBeyondTheTopicAnswers40402() throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2, "{\"records\":[{\"value\":1,\"partition\":2}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).containsEntry("error_code", 40402);
        assertThat(error(response).get("message").toString()).contains("Partition 2 of topic events not found");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void invalidTopicNameAnswers40401() throws Exception {
        String name = java.net.URLEncoder.encode("no-such-\u00e9\u6f22", StandardCharsets.UTF_8);

        HttpResponse<String> produce = post("/topics/" + name, JSON_V2, "{\"records\":[{\"value\":1}]}");
        HttpResponse<String> describe = get("/topics/" + name);

        assertThat(produce.statusCode()).as(produce.body()).isEqualTo(404);
        assertThat(error(produce)).containsEntry("error_code", 40401);
        assertThat(describe.statusCode()).as(describe.body()).isEqualTo(404);
        assertThat(error(describe)).containsEntry("error_code", 40401);
    }

    @Test
    void negativePartitionInThePathAnswers40402() throws Exception {
        HttpResponse<String> response = post("/topics/events/partitions/-1", JSON_V2, "{\"records\":[{\"value\":1}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).containsEntry("error_code", 40402).containsEntry("message", "Partition -1 not found.");
        assertThat(producer.history()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /consumers", "POST /topics/missing", "PUT /topics/events"})
    void keptAliveConnectionAnswersTheNextRequestAfterAnErrorWithAnUnreadBody(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String body = "{\"records\":[{\"value\":\"" + "x".repeat(20_000) + "\"}]}";
            String first = requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body;
            String second = "GET /topics HTTP/1.1\r\nHost: localhost\r\n\r\n";
            byte[] bytes = (first + second).getBytes(StandardCharsets.US_ASCII);
            int split = first.length() - body.length() / 2;
            // Half the body first, as a slow client sends it: the server answers before the rest arrives.
            socket.getOutputStream().write(bytes, 0, split);
            socket.getOutputStream().flush();
            Thread.sleep(300);
            socket.getOutputStream().write(bytes, split, bytes.length - split);
            socket.getOutputStream().flush();

            java.io.InputStream in = socket.getInputStream();
            String firstHead = head(in);
            assertThat(firstHead).startsWith("HTTP/1.1 4").doesNotContainIgnoringCase("connection: close");
            in.readNBytes(contentLength(firstHead));
            String secondHead = head(in);
            assertThat(secondHead).startsWith("HTTP/1.1 200");
            assertThat(new String(in.readNBytes(contentLength(secondHead)), StandardCharsets.UTF_8)).isEqualTo("[\"dlq\",\"events\"]");
        }
    }

    private static String head(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed after: %s", head).isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(m.find()).as("Content-Length in %s", head).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void negativePartitionAnswers42202() throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2, "{\"records\":[{\"value\":1,\"partition\":-1}]}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(error(response)).containsEntry("error_code", 42202)
                .containsEntry("message", "records[0].partition must not be negative, got -1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"records\":[{\"value\":1}", "not json", "", "{\"records\":[{\"value\":1}]} trailing"})
    void malformedJsonAnswers42203(String body) throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2, body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(error(response)).containsEntry("error_code", 42203);
        assertThat(error(response).get("message").toString()).startsWith("Request body");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void bodyWithoutRecordsAnswers42203() throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2, "{\"records\":[]}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(error(response)).containsEntry("error_code", 42203)
                .containsEntry("message", "Field 'records' must be a non-empty array");
    }

    @Test
    void unknownRecordFieldAnswers42203() throws Exception {
        HttpResponse<String> response = post("/topics/events", JSON_V2, "{\"records\":[{\"valeu\":1}]}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(error(response)).containsEntry("error_code", 42203)
                .containsEntry("message", "Unrecognized field in records[0]: valeu");
    }

    @Test
    void invalidBase64Answers42203() throws Exception {
        HttpResponse<String> response = post("/topics/events", BINARY_V2, "{\"records\":[{\"value\":\"***\"}]}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(error(response)).containsEntry("error_code", 42203);
        assertThat(error(response).get("message").toString()).startsWith("records[0].value is not valid base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "application/vnd.kafka.avro.v2+json"})
    void otherContentTypesAnswer415(String contentType) throws Exception {
        HttpResponse<String> response = post("/topics/events", contentType, "{\"records\":[{\"value\":1}]}");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(error(response)).containsEntry("error_code", 415);
        assertThat(error(response).get("message").toString()).startsWith("HTTP 415 Unsupported Media Type")
                .endsWith("got " + contentType);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void bodyOverTheLimitAnswers413() throws Exception {
        String big = "{\"records\":[{\"value\":\"" + "x".repeat(MAX_BODY) + "\"}]}";

        HttpResponse<String> response = post("/topics/events", JSON_V2, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).containsEntry("error_code", 413)
                .containsEntry("message", "Request body larger than " + MAX_BODY + " bytes");
    }

    @Test
    void failedSendIsReportedPerRecord() throws Exception {
        producer.sendException = new RecordTooLargeException("The message is 2000000 bytes when serialized");

        HttpResponse<String> response = post("/topics/events", JSON_V2, "{\"records\":[{\"value\":1}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode offset = MAPPER.readTree(response.body()).get("offsets").get(0);
        assertThat(offset.get("error_code").asInt()).isEqualTo(1);
        assertThat(offset.get("error").asText()).isEqualTo("The message is 2000000 bytes when serialized");
        assertThat(offset.get("offset").isNull()).isTrue();
    }

    @Test
    void listsTopics() throws Exception {
        HttpResponse<String> response = get("/topics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\"dlq\",\"events\"]");
    }

    @Test
    void describesTopic() throws Exception {
        HttpResponse<String> response = get("/topics/events");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("name").asText()).isEqualTo("events");
        assertThat(body.get("partitions")).hasSize(2);
    }

    @Test
    void describingUnknownTopicAnswers40401() throws Exception {
        HttpResponse<String> response = get("/topics/missing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).containsEntry("error_code", 40401);
    }

    @Test
    void unknownPathAnswers404InTheSameBodyShape() throws Exception {
        HttpResponse<String> response = get("/consumers");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).containsEntry("error_code", 404).containsKey("message");
    }

    private Map<String, Object> error(HttpResponse<String> response) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = MAPPER.readValue(response.body(), Map.class);
        assertThat(body).containsOnlyKeys("error_code", "message");
        return body;
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Topics with their partition counts. */
    private record MapCatalog(Map<String, Integer> partitions) implements TopicCatalog {
        @Override
        public List<String> topics() {
            return partitions.keySet().stream().sorted().toList();
        }

        @Override
        public OptionalInt partitionCount(String topic) {
            Integer count = partitions.get(topic);
            return count == null ? OptionalInt.empty() : OptionalInt.of(count);
        }

        @Override
        public Optional<Map<String, Object>> describe(String topic) {
            if (!partitions.containsKey(topic)) {
                return Optional.empty();
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", topic);
            body.put("configs", Map.of());
            body.put("partitions", java.util.stream.IntStream.range(0, partitions.get(topic))
                    .mapToObj(p -> Map.of("partition", p, "leader", 1)).toList());
            return Optional.of(body);
        }
    }
}
