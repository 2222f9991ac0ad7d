package io.kafkaprediction.systemtests.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random malformed HTTP requests (fixed seed), none of which a correct server may accept:
 * random bytes, broken JSON, wrong content types, oversize bodies, wrong methods and paths,
 * huge numbers, unicode junk. One generator per server, since what is malformed differs.
 */
final class MalformedRequests {
    /** One request; {@code body} null sends none. */
    record Request(String kind, String method, String path, String contentType, byte[] body) {
    }

    /** {@code weight}: relative frequency; oversize bodies are rare (1 in ~1000) to keep the run short. */
    private record Kind(String name, int weight, Function<Random, Request> make) {
    }

    private final Random random;
    private final List<Kind> kinds;
    private final int totalWeight;

    private MalformedRequests(long seed, List<Kind> kinds) {
        this.random = new Random(seed);
        this.kinds = kinds;
        this.totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
    }

    Request next() {
        int pick = random.nextInt(totalWeight);
        for (Kind kind : kinds) {
            pick -= kind.weight();
            if (pick < 0) {
                return kind.make().apply(random);
            }
        }
        throw new IllegalStateException("weights");
    }

    /** Requests for the scoring service ({@code /predict}, {@code /v2}); its body limit is {@code maxBody} bytes. */
    static MalformedRequests forScoring(long seed, int maxBody) {
        String json = "application/json";
        return new MalformedRequests(seed, List.of(
                new Kind("random bytes", 100, r -> post("random bytes", "/predict", json, randomBytes(r, 1 + r.nextInt(2000)))),
                new Kind("broken JSON", 100, r -> post("broken JSON", "/predict", json, utf8(brokenJson(r)))),
                new Kind("not an object", 50, r -> post("not an object", "/predict", json, utf8(pick(r, "[]", "42", "\"x\"", "null", "true")))),
                new Kind("wrong content type", 80, r -> post("wrong content type", "/predict",
                        // No Content-Type at all is read as JSON (Micronaut's default), so it is not in this list.
                        pick(r, "text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png", "application/pdf"),
                        utf8("{\"user_id\":\"user-1\",\"features_for_prediction\":[0.5,0.7,0.3]}"))),
                new Kind("features not numbers", 80, r -> post("features not numbers", "/predict", json,
                        utf8("{\"user_id\":\"u\",\"features_for_prediction\":[" + pick(r, "\"NaN\"", "\"Infinity\"", "null", "true", "\"0.5\"", "{}") + ",0.7,0.3]}"))),
                new Kind("huge numbers", 80, r -> post("huge numbers", "/predict", json,
                        utf8("{\"user_id\":\"u\",\"features_for_prediction\":[1e" + (309 + r.nextInt(10_000)) + ",0.7,-1e999]}"))),
                new Kind("wrong feature count", 60, r -> post("wrong feature count", "/predict", json,
                        utf8("{\"user_id\":\"u\",\"features_for_prediction\":" + pick(r, "[]", "[1]", "[1,2]", "[1,2,3,4]", "[" + "1,".repeat(5000) + "1]") + "}"))),
                new Kind("bad user_id", 80, r -> post("bad user_id", "/predict", json,
                        utf8("{\"user_id\":" + pick(r, "\"\"", "\"  \"", "42", "null", "[]", "{}", "\"" + "x".repeat(300 + r.nextInt(5000)) + "\"")
                                + ",\"features_for_prediction\":[0.5,0.7,0.3]}"))),
                new Kind("unicode junk", 80, r -> post("unicode junk", "/predict", json,
                        utf8("{\"user_id\":\"" + unicodeJunk(r) + "\",\"features_for_prediction\":[\"" + unicodeJunk(r) + "\",0.7,0.3]}"))),
                new Kind("oversize body", 1, r -> post("oversize body", "/predict", json, oversize(r, maxBody))),
                new Kind("wrong method", 80, r -> new Request("wrong method", pick(r, "GET", "PUT", "DELETE", "PATCH"), "/predict", json, null)),
                new Kind("wrong path", 80, r -> post("wrong path", "/no-such-" + encodedJunk(r), json, utf8("{}"))),
                new Kind("OIP unknown model", 40, r -> post("OIP unknown model", "/v2/models/no-such-" + encodedJunk(r) + "/infer", json,
                        utf8("{\"inputs\":[]}"))),
                new Kind("OIP broken tensor", 80, r -> post("OIP broken tensor", "/v2/models/model/infer", json, utf8(pick(r,
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2]}]}",
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[-1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}",
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\",\"c\"]}]}",
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1e999,2,3]}]}",
                        "{\"inputs\":\"x\"}", "{\"inputs\":[]}", "{\"inputs\":[{}]}", "{\"inputs\":[{\"name\":\"x\""))))));
    }

    /** Requests for the REST Proxy API ({@code /topics/...}); its body limit is {@code maxBody} bytes. */
    static MalformedRequests forRestProxy(long seed, int maxBody, String topic) {
        String v2 = "application/vnd.kafka.json.v2+json";
        String produce = "/topics/" + topic;
        return new MalformedRequests(seed, List.of(
                new Kind("random bytes", 100, r -> post("random bytes", produce, v2, randomBytes(r, 1 + r.nextInt(2000)))),
                new Kind("broken JSON", 100, r -> post("broken JSON", produce, v2, utf8(brokenJson(r)))),
                new Kind("wrong content type", 100, r -> post("wrong content type", produce,
                        pick(r, "application/json", "text/plain", "application/vnd.kafka.avro.v2+json", "application/octet-stream", null),
                        utf8("{\"records\":[{\"value\":{\"user_id\":\"u\"}}]}"))),
                new Kind("not an object", 50, r -> post("not an object", produce, v2, utf8(pick(r, "[]", "42", "\"x\"", "null", "true")))),
                new Kind("bad records", 150, r -> post("bad records", produce, v2, utf8(pick(r,
                        "{}", "{\"records\":[]}", "{\"records\":\"x\"}", "{\"records\":[1]}", "{\"records\":[{\"value\":1,\"offset\":3}]}",
                        "{\"records\":[{\"value\":1}],\"junk\":true}", "{\"records\":[{\"value\":1,\"partition\":\"zero\"}]}",
                        "{\"records\":[{\"value\":1,\"partition\":-1}]}", "{\"records\":[{\"value\":1,\"partition\":1e400}]}",
                        "{\"records\":[{\"value\":1,\"partition\":99999999999999999999}]}",
                        "{\"records\":[{\"value\":1}]}{\"records\":[]}")))),
                new Kind("binary not base64", 60, r -> post("binary not base64", produce, "application/vnd.kafka.binary.v2+json",
                        utf8("{\"records\":[{\"value\":\"" + unicodeJunk(r) + "!!\"}]}"))),
                new Kind("unknown topic", 80, r -> post("unknown topic", "/topics/no-such-" + encodedJunk(r), v2,
                        utf8("{\"records\":[{\"value\":1}]}"))),
                new Kind("partition out of range", 60, r -> post("partition out of range", produce + "/partitions/" + pick(r, "99", "-1", "x", "1e3"),
                        v2, utf8("{\"records\":[{\"value\":1}]}"))),
                new Kind("oversize body", 1, r -> post("oversize body", produce, v2, oversize(r, maxBody))),
                new Kind("wrong method", 80, r -> new Request("wrong method", pick(r, "PUT", "DELETE", "PATCH"), produce, v2, null)),
                new Kind("wrong path", 80, r -> new Request("wrong path", pick(r, "GET", "POST"), "/no-such-" + encodedJunk(r), v2, utf8("{}")))));
    }

    private static Request post(String kind, String path, String contentType, byte[] body) {
        return new Request(kind, "POST", path, contentType, body);
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static byte[] randomBytes(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        // Never a body that starts like a JSON object, so random bytes are never a valid request.
        if (bytes[0] == '{' || bytes[0] == ' ' || bytes[0] == '\t' || bytes[0] == '\n' || bytes[0] == '\r') {
            bytes[0] = (byte) 0xFF;
        }
        return bytes;
    }

    private static String brokenJson(Random r) {
        String good = "{\"user_id\":\"user-1\",\"features_for_prediction\":[0.5,0.7,0.3],\"records\":[{\"value\":1}]}";
        return switch (r.nextInt(4)) {
            case 0 -> good.substring(0, 1 + r.nextInt(good.length() - 2));
            case 1 -> good.replaceFirst(":", ";");
            case 2 -> good.replace("0.5", "NaN");
            default -> good.replaceFirst("\"", "'");
        };
    }

    /** Lone surrogates (escaped and raw), private-use, BOMs, bidi overrides, emoji, NULs. */
    private static String unicodeJunk(Random r) {
        String[] parts = {"\\ud800", "\\udfff", "\uFEFF", "\u202E", "\uE000", "\uD83D\uDE00", "\\u0000", "\u00E9", "\u4E2D", "\\\\", "\\/"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(20); i < n; i++) {
            sb.append(parts[r.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    private static String encodedJunk(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(30); i < n; i++) {
            sb.appendCodePoint(r.nextBoolean() ? 'a' + r.nextInt(26) : 0x80 + r.nextInt(0x2000));
        }
        return URLEncoder.encode(sb.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] oversize(Random r, int maxBody) {
        byte[] body = new byte[maxBody + 1 + r.nextInt(1024)];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        return body;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
