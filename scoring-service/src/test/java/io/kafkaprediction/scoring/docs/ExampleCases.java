package io.kafkaprediction.scoring.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaprediction.scoring.docs.OpenApiDocument.Endpoint;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the examples of an OpenAPI document into requests with a promised outcome.
 *
 * <p>The document has no field that ties a request example to a response, so the names do: a
 * request body or parameter example named {@code wrong_count} is answered with the status under
 * which a response example named {@code wrong_count} is documented, and with the 2xx status when
 * no response example has its name. Parts without an example of that name use their first
 * example. Three statuses describe a condition rather than a request, and are provoked as such:
 * 413 (a body over the size limit), 415 (a Content-Type other than the documented one) and 503
 * (the same request to a service with no model loaded).
 */
final class ExampleCases {

    /** Which running service a case is sent to. */
    enum Target { SERVING, WITHOUT_MODEL }

    /** A response of the document: status, media type and where its schema and example sit. */
    record Outcome(int status, String mediaType, String schemaPointer, String examplePointer) {
    }

    /**
     * One request to send.
     *
     * @param bodyPointer the request body example's value in the document; null for a provoked body or none
     */
    record ExampleCase(Endpoint endpoint, String name, Target target, String uri, String contentType, String body,
                       String bodyPointer, String requestSchemaPointer, Outcome outcome) {
        @Override
        public String toString() {
            return endpoint.label() + " [" + name + "] -> " + outcome.status();
        }
    }

    static final Map<Integer, String> CONDITIONS = Map.of(
            413, "a body over the size limit",
            415, "a Content-Type other than the documented one",
            503, "the first example sent to a service with no model loaded");

    private final OpenApiDocument document;
    private final int maxRequestBytes;

    ExampleCases(OpenApiDocument document, int maxRequestBytes) {
        this.document = document;
        this.maxRequestBytes = maxRequestBytes;
    }

    List<ExampleCase> all() {
        List<ExampleCase> cases = new ArrayList<>();
        for (Endpoint endpoint : document.endpoints()) {
            cases.addAll(of(endpoint));
        }
        return cases;
    }

    List<ExampleCase> of(Endpoint endpoint) {
        List<ExampleCase> cases = new ArrayList<>();
        Set<String> names = exampleNames(endpoint);
        for (String name : names) {
            cases.add(exampleCase(endpoint, name, Target.SERVING, outcomeOf(endpoint, name)));
        }
        Set<Integer> covered = new LinkedHashSet<>();
        cases.forEach(c -> covered.add(c.outcome().status()));
        String first = names.iterator().next();
        for (int status : responses(endpoint).keySet()) {
            if (covered.contains(status) || !CONDITIONS.containsKey(status)) {
                continue;
            }
            ExampleCase plain = exampleCase(endpoint, first, Target.SERVING, outcome(endpoint, status, null));
            cases.add(switch (status) {
                case 413 -> new ExampleCase(endpoint, "over " + maxRequestBytes + " bytes", Target.SERVING, plain.uri(),
                        plain.contentType(), "{\"padding\": \"" + "x".repeat(maxRequestBytes) + "\"}", null, null,
                        plain.outcome());
                case 415 -> new ExampleCase(endpoint, first + " as text/plain", Target.SERVING, plain.uri(),
                        "text/plain", plain.body(), null, null, plain.outcome());
                default -> new ExampleCase(endpoint, first + " without a model", Target.WITHOUT_MODEL, plain.uri(),
                        plain.contentType(), plain.body(), plain.bodyPointer(), null, plain.outcome());
            });
        }
        return cases;
    }

    /** Documented statuses of the endpoint, in order. */
    Map<Integer, ApiResponse> responses(Endpoint endpoint) {
        Map<Integer, ApiResponse> responses = new TreeMap<>();
        endpoint.operation().getResponses().forEach((status, response) -> responses.put(Integer.parseInt(status), response));
        return responses;
    }

    private Set<String> exampleNames(Endpoint endpoint) {
        Set<String> names = new LinkedHashSet<>();
        MediaType body = requestMediaType(endpoint);
        if (body != null && body.getExamples() != null) {
            names.addAll(body.getExamples().keySet());
        }
        for (Parameter parameter : parameters(endpoint)) {
            if (parameter.getExamples() != null) {
                names.addAll(parameter.getExamples().keySet());
            }
        }
        if (names.isEmpty()) {
            names.add("example");
        }
        return names;
    }

    private ExampleCase exampleCase(Endpoint endpoint, String name, Target target, Outcome outcome) {
        String path = endpoint.path();
        StringBuilder query = new StringBuilder();
        List<Parameter> parameters = parameters(endpoint);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            String at = endpoint.pointer() + "/parameters/" + i;
            JsonNode value = exampleValue(at, parameter.getExample() != null, parameter.getExamples(), name);
            if (value == null) {
                if (Boolean.TRUE.equals(parameter.getRequired())) {
                    throw new IllegalStateException(endpoint + ": required parameter '" + parameter.getName()
                            + "' has no example; add @Parameter(examples = ...) so the contract test can call it");
                }
                continue;
            }
            String text = URLEncoder.encode(value.asText(), StandardCharsets.UTF_8);
            switch (parameter.getIn()) {
                case "path" -> path = path.replace("{" + parameter.getName() + "}", text);
                case "query" -> query.append(query.isEmpty() ? '?' : '&').append(parameter.getName()).append('=').append(text);
                default -> throw new IllegalStateException(endpoint + ": parameters in " + parameter.getIn()
                        + " are not sent by the contract test yet");
            }
        }
        String contentType = null;
        String body = null;
        String bodyPointer = null;
        String requestSchema = null;
        MediaType media = requestMediaType(endpoint);
        if (media != null) {
            contentType = endpoint.operation().getRequestBody().getContent().keySet().iterator().next();
            String at = endpoint.pointer() + "/requestBody/content/" + OpenApiDocument.escape(contentType);
            String exampleName = pick(media.getExample() != null, media.getExamples(), name);
            if (exampleName == null) {
                throw new IllegalStateException(endpoint + ": the request body has no example");
            }
            bodyPointer = exampleName.isEmpty() ? at + "/example" : at + "/examples/" + exampleName + "/value";
            body = document.at(bodyPointer).toString();
            requestSchema = at + "/schema";
        }
        return new ExampleCase(endpoint, name, target, path + query, contentType, body, bodyPointer, requestSchema,
                outcome);
    }

    /** The response with an example of this name, else the one 2xx response. */
    private Outcome outcomeOf(Endpoint endpoint, String name) {
        Integer success = null;
        for (Map.Entry<Integer, ApiResponse> response : responses(endpoint).entrySet()) {
            Content content = response.getValue().getContent();
            if (content != null && content.values().stream()
                    .anyMatch(m -> m.getExamples() != null && m.getExamples().containsKey(name))) {
                return outcome(endpoint, response.getKey(), name);
            }
            if (success == null && response.getKey() / 100 == 2) {
                success = response.getKey();
            }
        }
        if (success == null) {
            throw new IllegalStateException(endpoint + ": example '" + name + "' matches no response example and "
                    + "there is no 2xx response");
        }
        return outcome(endpoint, success, null);
    }

    /** The status's only media type; its example of that name, or its only example. */
    private Outcome outcome(Endpoint endpoint, int status, String exampleName) {
        Content content = responses(endpoint).get(status).getContent();
        if (content == null || content.size() != 1) {
            throw new IllegalStateException(endpoint + " " + status + ": expected one documented media type, got "
                    + (content == null ? "none" : content.keySet()));
        }
        String mediaType = content.keySet().iterator().next();
        MediaType media = content.get(mediaType);
        String at = endpoint.pointer() + "/responses/" + status + "/content/" + OpenApiDocument.escape(mediaType);
        String example = exampleName;
        if (example == null && media.getExamples() != null && media.getExamples().size() == 1) {
            example = media.getExamples().keySet().iterator().next();
        }
        return new Outcome(status, mediaType, at + "/schema", example == null ? null : at + "/examples/" + example + "/value");
    }

    private JsonNode exampleValue(String at, boolean hasSingle, Map<String, Example> examples, String name) {
        String picked = pick(hasSingle, examples, name);
        if (picked == null) {
            return null;
        }
        return document.at(picked.isEmpty() ? at + "/example" : at + "/examples/" + picked + "/value");
    }

    /** The example of that name, else the single {@code example} (""), else the first; null when there is none. */
    private static String pick(boolean hasSingle, Map<String, Example> examples, String name) {
        if (examples != null && examples.containsKey(name)) {
            return name;
        }
        if (hasSingle) {
            return "";
        }
        return examples == null || examples.isEmpty() ? null : examples.keySet().iterator().next();
    }

    private static MediaType requestMediaType(Endpoint endpoint) {
        if (endpoint.operation().getRequestBody() == null || endpoint.operation().getRequestBody().getContent() == null) {
            return null;
        }
        return endpoint.operation().getRequestBody().getContent().values().iterator().next();
    }

    private static List<Parameter> parameters(Endpoint endpoint) {
        return endpoint.operation().getParameters() == null ? List.of() : endpoint.operation().getParameters();
    }
}
