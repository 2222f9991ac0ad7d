package io.kafkaprediction.scoring.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTP edge cases against the real Netty server, written byte for byte on a socket: request heads
 * over the limits, content codings and charsets, JSON that a lenient reader would half-accept.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpDetailsTest extends ServiceTest {

    private static final String BODY = "{\"user_id\":\"u\",\"features_for_prediction\":[0.5,0.7,0.3]}";
    private static final String JSON = "Content-Type: application/json\r\n";

    @Override
    public Map<String, String> getProperties() {
        return Map.of("scoring.model.path", ServiceProperties.demoModel("http-details-test", 7).toString(),
                "scoring.model.version", "1.0.0");
    }

    @Test
    void overLongUrlIs414() {
        Response response = post("/predict?pad=" + "a".repeat(5000), JSON, bytes(BODY));
        assertProblem(response, 414, "request line");
    }

    @Test
    void overLargeHeadersAre431() {
        String header = "X-Padding: " + "a".repeat(9000) + "\r\n";
        Response response = post("/predict", JSON + header, bytes(BODY));
        assertProblem(response, 431, "request headers");
    }

    @Test
    void gzipBodyIsDecoded() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(bytes(BODY));
        }
        Response response = post("/predict", JSON + "Content-Encoding: gzip\r\n", zipped.toByteArray());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void unknownContentEncodingIs415() {
        Response response = post("/predict", JSON + "Content-Encoding: compress\r\n", bytes(BODY));
        assertProblem(response, 415, "Content-Encoding 'compress' is not supported");
    }

    @Test
    void bodyThatIsNotTheDeclaredEncodingIs415() {
        Response response = post("/predict", JSON + "Content-Encoding: gzip\r\n", bytes(BODY));
        assertProblem(response, 415, "cannot be decoded as its Content-Encoding declares: Input is not in the GZIP format");
    }

    @Test
    void trailingDataAfterTheBodyIs400() {
        assertProblem(postJson(BODY + " {}"), 400, "trailing data after the JSON body");
        assertProblem(postJson(BODY + "x"), 400, "trailing data after the JSON body");
    }

    @Test
    void duplicateKeysAre400NamingTheKey() {
        Response response = postJson("{\"user_id\":\"u\",\"user_id\":\"v\",\"features_for_prediction\":[0.5,0.7,0.3]}");
        assertProblem(response, 400, "duplicate key 'user_id'");
        assertThat(body(response).get("field").getStringValue()).isEqualTo("user_id");
    }

    @Test
    void explainParameterMustBeExactlyTrueOrFalse() {
        for (String value : new String[] {"TRUE", "True", "", "1", "yes"}) {
            Response response = post("/predict?explain=" + value, JSON, bytes(BODY));
            assertProblem(response, 400, "explain must be true or false, got '" + value + "'");
        }
        assertThat(body(post("/predict?explain=true", JSON, bytes(BODY))).get("explanation")).isNotNull();
        assertThat(body(post("/predict?explain=false", JSON, bytes(BODY))).get("explanation")).isNull();
    }

    @Test
    void declaredCharsetIsHonoured() {
        String text = "{\"user_id\":\"Zoë\",\"features_for_prediction\":[0.5,0.7,0.3]}";
        for (String charset : new String[] {"ISO-8859-1", "UTF-16LE", "utf-8", "\"UTF-16BE\""}) {
            Charset encoding = Charset.forName(charset.replace("\"", ""));
            Response response = post("/predict", "Content-Type: application/json; charset=" + charset + "\r\n",
                    text.getBytes(encoding));
            assertThat(response.status()).as(charset + ": " + response.body()).isEqualTo(200);
            assertThat(body(response).get("user_id").getStringValue()).as(charset).isEqualTo("Zoë");
        }
    }

    @Test
    void unknownCharsetIs415() {
        Response response = post("/predict", "Content-Type: application/json; charset=klingon\r\n", bytes(BODY));
        assertProblem(response, 415, "charset 'klingon' in Content-Type is not supported");
    }

    @Test
    void inferenceEndpointHonoursTheCharsetToo() {
        String text = "{\"id\":\"é\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[0.5,0.7,0.3]}]}";
        Response response = post("/v2/models/model/infer", "Content-Type: application/json; charset=ISO-8859-1\r\n",
                text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("id").getStringValue()).isEqualTo("é");
    }

    private Response postJson(String text) {
        return post("/predict", JSON, bytes(text));
    }

    private void assertProblem(Response response, int status, String detailPart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = body(response);
        JsonNode detail = body.get("detail") != null ? body.get("detail") : body.get("error");
        assertThat(detail.getStringValue()).contains(detailPart);
    }

    private JsonNode body(Response response) {
        try {
            return json.readValue(response.body(), JsonNode.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Response(int status, String body) {
    }

    /** One request on its own connection, exactly these bytes; the answer is read until the server closes. */
    private Response post(String target, String headers, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(9, 12));
            int start = raw.indexOf("\r\n\r\n");
            return new Response(status, start < 0 ? "" : raw.substring(start + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
