package io.kafkaprediction.scoring.oip;

import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.kafkaprediction.scoring.requests.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.util.List;

/** Validates an OIP infer body: one FP32/FP64 tensor of shape [N, features] (or [features]). */
final class InferRequestParser {

    static final int MAX_ROWS = 100_000;

    private InferRequestParser() {
    }

    static Parsed parse(JsonNode root, List<String> featureNames) {
        int features = featureNames.size();
        String id = null;
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isString()) {
                throw new InvalidRequestException("id", "id must be a string, got " + JsonBodies.kind(idNode));
            }
            id = idNode.getStringValue();
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new InvalidRequestException("inputs", "inputs must be an array of one tensor of shape [N, "
                    + features + "] (features " + featureNames + "), got "
                    + (inputs != null && inputs.isArray() ? inputs.size() + " tensors" : JsonBodies.kind(inputs)));
        }
        JsonNode tensor = inputs.get(0);
        if (!tensor.isObject()) {
            throw new InvalidRequestException("inputs[0]", "inputs[0] must be an object, got " + JsonBodies.kind(tensor));
        }
        JsonNode datatype = tensor.get("datatype");
        String type = datatype != null && datatype.isString() ? datatype.getStringValue() : null;
        if (!"FP32".equals(type) && !"FP64".equals(type)) {
            throw new InvalidRequestException("inputs[0].datatype", "inputs[0].datatype must be FP32 or FP64, got "
                    + (type != null ? type : JsonBodies.kind(datatype)));
        }
        int rows = rows(tensor.get("shape"), features, featureNames);
        JsonNode data = tensor.get("data");
        if (data == null || !data.isArray()) {
            throw new InvalidRequestException("inputs[0].data", "inputs[0].data must be an array, got "
                    + JsonBodies.kind(data));
        }
        // The values are counted before anything is allocated: the matrix then holds exactly what the
        // body carried, so a small body claiming a huge shape costs nothing.
        long count = count(data);
        long needed = (long) rows * features;
        if (count != needed) {
            throw new InvalidRequestException("inputs[0].data", "inputs[0].data has " + count
                    + " values; shape [" + rows + ", " + features + "] needs " + needed);
        }
        float[][] matrix = new float[rows][features];
        fill(data, matrix, features, new int[] {0});
        return new Parsed(id, matrix);
    }

    private static int rows(JsonNode shape, int features, List<String> names) {
        String expected = "inputs[0].shape must be [N, " + features + "] (features " + names + ")";
        if (shape == null || !shape.isArray() || shape.size() < 1 || shape.size() > 2) {
            throw new InvalidRequestException("inputs[0].shape", expected + ", got " + describe(shape));
        }
        for (JsonNode dim : shape.values()) {
            if (!dim.isNumber() || dim.getDoubleValue() != Math.rint(dim.getDoubleValue()) || dim.getDoubleValue() < 1) {
                throw new InvalidRequestException("inputs[0].shape", expected + ", got " + describe(shape));
            }
        }
        if (shape.size() == 1) {
            if (shape.get(0).getLongValue() != features) {
                throw new InvalidRequestException("inputs[0].shape", expected + ", got " + describe(shape));
            }
            return 1;
        }
        if (shape.get(1).getLongValue() != features) {
            throw new InvalidRequestException("inputs[0].shape", expected + ", got " + describe(shape));
        }
        long rows = shape.get(0).getLongValue();
        if (rows > MAX_ROWS) {
            throw new InvalidRequestException("inputs[0].shape", "at most " + MAX_ROWS + " rows per request, got " + rows);
        }
        return (int) rows;
    }

    private static long count(JsonNode node) {
        long n = 0;
        for (JsonNode value : node.values()) {
            n += value.isArray() ? count(value) : 1;
        }
        return n;
    }

    /** Accepts flat row-major data and nested arrays alike; the caller checked the count. */
    private static void fill(JsonNode node, float[][] matrix, int features, int[] count) {
        for (JsonNode value : node.values()) {
            if (value.isArray()) {
                fill(value, matrix, features, count);
                continue;
            }
            int i = count[0]++;
            matrix[i / features][i % features] = JsonBodies.finiteFloat(value, "inputs[0].data[" + i + "]");
        }
    }

    private static String describe(@Nullable JsonNode shape) {
        if (shape == null || !shape.isArray()) {
            return JsonBodies.kind(shape);
        }
        StringBuilder s = new StringBuilder("[");
        for (JsonNode dim : shape.values()) {
            s.append(s.length() > 1 ? ", " : "").append(dim.isNumber() ? dim.getNumberValue() : JsonBodies.kind(dim));
        }
        return s.append(']').toString();
    }

    record Parsed(@Nullable String id, float[][] rows) {
    }
}
