package io.kafkaprediction.scoring.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI document the service serves: its operations (read with swagger-parser) and JSON Schema
 * validation of any value against any schema in it (networknt's OpenAPI 3.0 dialect, with the
 * document's own {@code $ref}s).
 */
final class OpenApiDocument {

    /** Where the service serves its generated document. */
    static final String PATH = "/swagger/scoring-service.yml";
    /** Never fetched: the schema registry maps this IRI to the document held in memory. */
    private static final String IRI = "https://openapi.invalid/scoring-service.json";

    /** One operation: {@code POST /predict}. */
    record Endpoint(String method, String path, Operation operation) {
        String label() {
            return method + " " + path;
        }

        /** JSON pointer of the operation object in the document. */
        String pointer() {
            return "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    private final OpenAPI model;
    private final JsonNode tree;
    private final SchemaRegistry schemas;

    private OpenApiDocument(OpenAPI model, JsonNode tree) {
        this.model = model;
        this.tree = tree;
        JsonNode strict = tree.deepCopy();
        closeObjects(strict);
        this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                builder -> builder.schemas(Map.of(IRI, strict.toString())));
    }

    static OpenApiDocument parse(String yaml) {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, null);
        if (result.getOpenAPI() == null || !result.getMessages().isEmpty()) {
            throw new IllegalStateException("the served OpenAPI document is not valid OpenAPI: " + result.getMessages());
        }
        try {
            return new OpenApiDocument(result.getOpenAPI(), Yaml.mapper().readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the served OpenAPI document is not YAML", e);
        }
    }

    OpenAPI model() {
        return model;
    }

    List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        model.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> endpoints.add(new Endpoint(method.name(), path, operation))));
        return endpoints;
    }

    /** The node at a JSON pointer, exactly as the document has it (examples keep their JSON types). */
    JsonNode at(String pointer) {
        JsonNode node = tree.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("nothing at " + pointer + " in the OpenAPI document");
        }
        return node;
    }

    /** What is wrong with {@code value} according to the schema at {@code schemaPointer}; empty when it conforms. */
    List<String> errors(String schemaPointer, JsonNode value) {
        at(schemaPointer);
        List<Error> errors = schemas.getSchema(SchemaLocation.of(IRI + "#" + schemaPointer))
                .validate(value.toString(), InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * The generated schemas leave additionalProperties open, so a renamed or undocumented field
     * would pass unnoticed; read strictly, every field the service sends must be documented.
     */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                    closeObjects(field.getValue());
                }
            }
            if (object.path("properties").isObject() && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
        } else if (node.isArray()) {
            node.forEach(OpenApiDocument::closeObjects);
        }
    }
}
