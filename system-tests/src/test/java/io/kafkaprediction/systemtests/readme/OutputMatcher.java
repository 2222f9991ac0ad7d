package io.kafkaprediction.systemtests.readme;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares what a command printed with what the README shows, line by line. A JSON line must have
 * the same field names, array sizes and values, except the fields that differ from run to run
 * (offsets, worker ids, clock readings), whose presence is enough. A text line must be equal, where
 * {@code …} in the README (in a text line or a JSON string) stands for any text.
 */
final class OutputMatcher {
    /** Fields whose values depend on the run: partition choice, offsets, addresses, clocks, paths. */
    static final Set<String> VOLATILE_FIELDS = Set.of("partition", "offset", "worker_id", "loaded_at", "last_check_at",
            "last_error_at", "source");

    // Trailing text (`{...} [HTTP 400]`) makes a line text, compared whole, status code included.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OutputMatcher() {
    }

    /** The differences, empty when the output matches. */
    static List<String> differences(List<String> expected, List<String> actual) {
        List<String> problems = new ArrayList<>();
        if (expected.size() != actual.size()) {
            problems.add("expected " + expected.size() + " line(s) of output, got " + actual.size());
            return problems;
        }
        for (int i = 0; i < expected.size(); i++) {
            compareLine(i + 1, expected.get(i), actual.get(i), problems);
        }
        return problems;
    }

    private static void compareLine(int number, String expected, String actual, List<String> problems) {
        JsonNode expectedJson = parseJson(expected);
        if (expectedJson != null) {
            JsonNode actualJson = parseJson(actual);
            if (actualJson == null) {
                problems.add("line " + number + ": expected JSON, got: " + actual);
            } else {
                compareJson("$", expectedJson, actualJson, problems);
            }
        } else if (!textPattern(expected).matcher(actual).matches()) {
            problems.add("line " + number + ": expected `" + expected + "`, got `" + actual + "`");
        }
    }

    private static Pattern textPattern(String expected) {
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split("…", -1)) {
            if (regex.length() > 0 || expected.startsWith("…")) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static JsonNode parseJson(String line) {
        String trimmed = line.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void compareJson(String path, JsonNode expected, JsonNode actual, List<String> problems) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> expectedNames = names(expected);
            Set<String> actualNames = names(actual);
            if (!expectedNames.equals(actualNames)) {
                problems.add(path + ": expected fields " + expectedNames + ", got " + actualNames);
                return;
            }
            for (String name : expectedNames) {
                if (!VOLATILE_FIELDS.contains(name)) {
                    compareJson(path + "." + name, expected.get(name), actual.get(name), problems);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                problems.add(path + ": expected " + expected.size() + " element(s), got " + actual.size() + ": " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compareJson(path + "[" + i + "]", expected.get(i), actual.get(i), problems);
            }
        } else if (expected.isTextual() && actual.isTextual() && expected.textValue().contains("…")) {
            if (!textPattern(expected.textValue()).matcher(actual.textValue()).matches()) {
                problems.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (expected.isNumber() && actual.isNumber()) {
            if (expected.doubleValue() != actual.doubleValue()) {
                problems.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (!expected.equals(actual)) {
            problems.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
