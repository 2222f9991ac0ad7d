package io.kafkaprediction.scoring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaprediction.scoring.docs.ExampleCases.ExampleCase;
import io.kafkaprediction.scoring.docs.ExampleCases.Target;
import io.kafkaprediction.scoring.docs.OpenApiDocument.Endpoint;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.kafkaprediction.scoring.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.swagger.v3.oas.models.media.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document against the running service: every example request is sent and gets the
 * status the document promises, every body that comes back matches the documented schema (read
 * strictly: documented types, required fields present, no undocumented field), and every example
 * in the document matches its own schema. Reads whatever operations the document has, so a new
 * endpoint is covered once it is documented with examples.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest extends ServiceTest {

    /** Small, so the 413 case sends kilobytes rather than a megabyte. */
    private static final int MAX_REQUEST_BYTES = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApplicationContext withoutModel;
    private OpenApiDocument document;
    private ExampleCases examples;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = ServiceProperties.withDatabase(ServiceProperties.demoModel("contract", 3));
        props.put("micronaut.server.max-request-size", String.valueOf(MAX_REQUEST_BYTES));
        // The version the documented version-path examples name.
        props.put("scoring.model.version", "1.0.0");
        return props;
    }

    @BeforeAll
    void start() throws IOException {
        withoutModel = ApplicationContext.run(Map.of("scoring.model.path",
                Files.createTempDirectory("contract-no-model").resolve("model.json").toString()), Environment.TEST);
        withoutModel.getBean(EmbeddedServer.class).start();

        HttpResponse<String> served = send("GET", URI.create(server.getURL() + OpenApiDocument.PATH), null, null);
        assertThat(served.statusCode()).isEqualTo(200);
        document = OpenApiDocument.parse(served.body());
        examples = new ExampleCases(document, MAX_REQUEST_BYTES);

        // The "lookup" example's user: two of the model's three features, so one comes back null (missing).
        Instant at = Instant.parse("2026-01-20T15:00:00Z");
        TestDatabase.execute("DELETE FROM user_features WHERE user_id = 'user2'");
        TestDatabase.insert("user2", "click", 45.0, at);
        TestDatabase.insert("user2", "view", 3.0, at);
    }

    @AfterAll
    void stop() {
        if (withoutModel != null) {
            withoutModel.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRequestGetsTheDocumentedStatusAndBody() {
        return examples.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedStatusIsExercisedByAnExample() {
        return document.endpoints().stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.label(), () -> {
            Set<Integer> exercised = examples.of(endpoint).stream().map(c -> c.outcome().status())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(exercised)
                    .as("%s: statuses no example leads to; name a request or parameter example like a response "
                            + "example of that status", endpoint)
                    .containsExactlyElementsOf(examples.responses(endpoint).keySet());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleInTheDocumentMatchesItsSchema() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : document.endpoints()) {
            examples.responses(endpoint).forEach((status, response) -> response.getContent().forEach((type, media) -> {
                String at = endpoint.pointer() + "/responses/" + status + "/content/" + OpenApiDocument.escape(type);
                tests.add(DynamicTest.dynamicTest(endpoint + " " + status + " has an example",
                        () -> assertThat(media.getExamples()).as("examples of %s %s", endpoint, status).isNotEmpty()));
                tests.addAll(examplesMatch(endpoint + " " + status, at, media));
            }));
            List<io.swagger.v3.oas.models.parameters.Parameter> parameters = endpoint.operation().getParameters();
            for (int i = 0; parameters != null && i < parameters.size(); i++) {
                String at = endpoint.pointer() + "/parameters/" + i;
                String label = endpoint + " parameter " + parameters.get(i).getName();
                if (parameters.get(i).getExamples() != null) {
                    parameters.get(i).getExamples().keySet().forEach(name -> tests.add(DynamicTest.dynamicTest(
                            label + " [" + name + "]", () -> assertConforms(at + "/schema", document.at(
                                    at + "/examples/" + name + "/value"), label + " [" + name + "]"))));
                }
            }
        }
        schemaExamples("/components/schemas", document.at("/components/schemas"), tests);
        return tests.stream();
    }

    /** Guards the guard: a validator that accepted everything would make the tests above pass vacuously. */
    @Test
    void schemaValidationRejectsRenamedMistypedAndMissingFields() {
        Endpoint predict = document.endpoints().stream().filter(e -> e.label().equals("POST /predict")).findFirst()
                .orElseThrow();
        String schema = predict.pointer() + "/responses/200/content/application~1json/schema";
        JsonNode good = document.at(predict.pointer() + "/responses/200/content/application~1json/examples/features/value");
        assertThat(document.errors(schema, good)).isEmpty();

        JsonNode renamed = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) renamed).set("score", renamed.get("prediction_score"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) renamed).remove("prediction_score");
        assertThat(document.errors(schema, renamed)).anyMatch(e -> e.contains("score"))
                .anyMatch(e -> e.contains("prediction_score"));

        JsonNode mistyped = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) mistyped).put("prediction_score", "0.61");
        assertThat(document.errors(schema, mistyped)).singleElement().asString().contains("prediction_score");
    }

    private void check(ExampleCase c) throws IOException {
        if (c.bodyPointer() != null && c.outcome().status() / 100 == 2) {
            assertConforms(c.requestSchemaPointer(), document.at(c.bodyPointer()), c + " request example");
        }
        URI base = URI.create((c.target() == Target.SERVING ? server : withoutModel.getBean(EmbeddedServer.class))
                .getURL().toString());
        HttpResponse<String> response = send(c.endpoint().method(), base.resolve(c.uri()), c.contentType(), c.body());

        assertThat(response.statusCode()).as("%s: status of %s", c, response.body()).isEqualTo(c.outcome().status());
        assertThat(response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim())
                .as("%s: Content-Type", c).isEqualTo(c.outcome().mediaType());
        JsonNode body = JSON.readTree(response.body());
        assertConforms(c.outcome().schemaPointer(), body, c + " response " + body);
        if (c.outcome().examplePointer() != null) {
            JsonNode example = document.at(c.outcome().examplePointer());
            assertThat(fieldNames(body)).as("%s: fields of %s against the documented example", c, body)
                    .isEqualTo(fieldNames(example));
            if (example.has("field")) {
                assertThat(body.get("field")).as("%s: the field at fault", c).isEqualTo(example.get("field"));
            }
        }
    }

    private List<DynamicTest> examplesMatch(String label, String at, MediaType media) {
        List<DynamicTest> tests = new ArrayList<>();
        if (media.getExamples() != null) {
            media.getExamples().keySet().forEach(name -> tests.add(DynamicTest.dynamicTest(label + " [" + name + "]",
                    () -> assertConforms(at + "/schema", document.at(at + "/examples/" + name + "/value"),
                            label + " [" + name + "]"))));
        }
        return tests;
    }

    /** Examples inside component schemas, down through properties, items and composition. */
    private void schemaExamples(String at, JsonNode schemas, List<DynamicTest> tests) {
        schemas.fields().forEachRemaining(entry -> walkSchema(at + "/" + OpenApiDocument.escape(entry.getKey()),
                entry.getValue(), tests));
    }

    private void walkSchema(String at, JsonNode schema, List<DynamicTest> tests) {
        if (schema.has("example")) {
            tests.add(DynamicTest.dynamicTest("schema example " + at,
                    () -> assertConforms(at, schema.get("example"), "schema example at " + at)));
        }
        if (schema.path("properties").isObject()) {
            schemaExamples(at + "/properties", schema.get("properties"), tests);
        }
        for (String child : new String[] {"items", "additionalProperties"}) {
            if (schema.path(child).isObject()) {
                walkSchema(at + "/" + child, schema.get(child), tests);
            }
        }
        for (String composition : new String[] {"allOf", "anyOf", "oneOf"}) {
            for (int i = 0; i < schema.path(composition).size(); i++) {
                walkSchema(at + "/" + composition + "/" + i, schema.get(composition).get(i), tests);
            }
        }
    }

    private void assertConforms(String schemaPointer, JsonNode value, String what) {
        assertThat(document.errors(schemaPointer, value)).as("%s against %s", what, schemaPointer).isEmpty();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    private static HttpResponse<String> send(String method, URI uri, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
