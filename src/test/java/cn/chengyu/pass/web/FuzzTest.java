package cn.chengyu.pass.web;

import cn.chengyu.pass.support.ApiExamples;
import cn.chengyu.pass.support.ApiExamples.Caller;
import cn.chengyu.pass.support.ApiExamples.Example;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated bodies, at least a thousand per write operation: wrong types, missing fields, huge
 * strings, deep nesting, invalid UTF-8, broken JSON. Whatever arrives, the answer is never a 5xx,
 * and every 4xx is problem+json. The mutations come from a fixed seed, so a failure reproduces.
 */
@QuarkusTest
class FuzzTest {

    private static final int PER_OPERATION = 1_000;
    private static final long SEED = 20261126L;

    /** Each write operation with the caller allowed to make it. */
    private static final Map<String, Caller> WRITES = new LinkedHashMap<>();

    static {
        WRITES.put("POST /api/v1/cards", Caller.HOLDER);
        WRITES.put("POST /api/v1/cards/{id}/passes", Caller.HOLDER);
        WRITES.put("POST /api/v1/cards/{id}/suspend", Caller.HOLDER);
        WRITES.put("POST /api/v1/cards/{id}/reinstate", Caller.HOLDER);
        WRITES.put("POST /api/v1/cards/{id}/replace", Caller.HOLDER);
        WRITES.put("POST /api/v1/cards/{id}/revoke", Caller.ADMIN);
        WRITES.put("POST /api/v1/cards/{id}/reservations", Caller.HOLDER);
        WRITES.put("POST /api/v1/cards/{id}/journeys/{route}/certificate", Caller.HOLDER);
        WRITES.put("PUT /api/v1/sites/{code}", Caller.ADMIN);
        WRITES.put("PUT /api/v1/sites/{code}/tariffs/{effectiveFrom}", Caller.ADMIN);
        WRITES.put("POST /api/v1/settlement/lines/{entryId}/resolve", Caller.ADMIN);
        WRITES.put("POST /api/v1/sites/{code}/entries", Caller.GATE);
        WRITES.put("POST /api/v1/sites/{code}/entries/batch", Caller.GATE);
        WRITES.put("POST /api/v1/routes", Caller.OPERATOR);
        WRITES.put("PUT /api/v1/routes/{code}/draft", Caller.OPERATOR);
        WRITES.put("POST /api/v1/routes/{code}/publish", Caller.OPERATOR);
        WRITES.put("POST /api/v1/routes/{code}/retire", Caller.OPERATOR);
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/")
    URL base;

    @Test
    void noMutatedBodyGetsA5xxAndEvery4xxIsAProblem() throws Exception {
        ApiExamples examples = new ApiExamples();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            int operationIndex = 0;
            for (Map.Entry<String, Caller> write : WRITES.entrySet()) {
                String[] methodAndPath = write.getKey().split(" ");
                Example seed = examples.of(methodAndPath[0], methodAndPath[1], write.getValue());
                String token = examples.token(write.getValue());
                JsonNode seedBody = json.valueToTree(seed.body() == null ? Map.of("note", "no body expected") : seed.body());
                Random random = new Random(SEED + operationIndex++);
                List<Mutation> mutations = new ArrayList<>();
                for (int i = 0; i < PER_OPERATION; i++) {
                    mutations.add(mutate(seedBody, random));
                }
                // Four slices per operation, sent in parallel.
                for (int slice = 0; slice < 4; slice++) {
                    List<Mutation> part = mutations.subList(slice * PER_OPERATION / 4, (slice + 1) * PER_OPERATION / 4);
                    work.add(threads.submit(() -> {
                        for (Mutation mutation : part) {
                            send(write.getKey(), seed, token, mutation, failures);
                            sent.incrementAndGet();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        assertTrue(sent.get() >= WRITES.size() * PER_OPERATION, "sent " + sent.get());
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent.get() + " answers were wrong, first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    private void send(String operation, Example seed, String token, Mutation mutation, List<String> failures) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(seed.path().substring(1)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(seed.method(), HttpRequest.BodyPublishers.ofByteArray(mutation.body()));
        // A fresh key per request, so that each mutated body is judged rather than compared with the first.
        seed.headers().forEach((name, value) -> request.header(name, "Idempotency-Key".equals(name) ? UUID.randomUUID().toString() : value));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        String problem = null;
        if (status >= 500) {
            problem = "a server error";
        } else if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith(Problem.MEDIA_TYPE)) {
                problem = "a " + status + " that is not problem+json (" + type + ")";
            } else {
                JsonNode body = json.readTree(response.body());
                if (body.path("status").asInt() != status || !body.path("type").asText().startsWith("urn:chengyu-pass:problem:")
                        || body.path("detail").asText().isEmpty() || response.body().contains("Exception")) {
                    problem = "a malformed problem";
                }
            }
        }
        if (problem != null) {
            failures.add(operation + " with " + mutation.description() + " got " + problem + ": " + status + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    /** A body to send and what was done to the seed to make it. */
    private record Mutation(String description, byte[] body) {
        static Mutation of(String description, String text) {
            return new Mutation(description, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final List<String> WRONG_VALUES = List.of("123", "-1", "0", "1.5e308", "-9223372036854775809",
            "99999999999999999999999999", "true", "false", "null", "\"\"", "\"text\"", "[]", "{}", "[1,2,3]",
            "{\"x\":1}", "\"2026-13-45T25:61:61Z\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"😀🏯\"", "\"\\u202e\\u200b\"",
            "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"../../etc/passwd\"", "\"%00\"", "\"\\ud800\"", "1e400",
            "-0", "0.0000001", "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"");

    private Mutation mutate(JsonNode seed, Random random) throws Exception {
        String text = json.writeValueAsString(seed);
        List<String> paths = new ArrayList<>();
        collectPaths(seed, "", paths);
        String path = paths.isEmpty() ? "" : paths.get(random.nextInt(paths.size()));
        switch (random.nextInt(12)) {
            case 0: {
                JsonNode copy = seed.deepCopy();
                remove(copy, path);
                return Mutation.of("field " + path + " removed", json.writeValueAsString(copy));
            }
            case 1:
            case 2: {
                String value = WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()));
                return Mutation.of("field " + path + " = " + value, replace(seed, path, value));
            }
            case 3: {
                int length = random.nextBoolean() ? 5_000 : 150_000;
                return Mutation.of("field " + path + " a string of " + length, replace(seed, path, "\"" + "龘".repeat(length) + "\""));
            }
            case 4: {
                int depth = random.nextBoolean() ? 40 : 5_000;
                return Mutation.of("field " + path + " nested " + depth + " deep",
                        replace(seed, path, "[".repeat(depth) + "1" + "]".repeat(depth)));
            }
            case 5: {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
                byte[] bad = invalid[random.nextInt(invalid.length)];
                int at = Math.max(0, text.lastIndexOf('"', Math.max(0, random.nextInt(Math.max(1, text.length())))));
                byte[] mutated = new byte[bytes.length + bad.length];
                System.arraycopy(bytes, 0, mutated, 0, at);
                System.arraycopy(bad, 0, mutated, at, bad.length);
                System.arraycopy(bytes, at, mutated, at + bad.length, bytes.length - at);
                return new Mutation("invalid UTF-8 at " + at, mutated);
            }
            case 6: {
                int cut = random.nextInt(Math.max(1, text.length()));
                return Mutation.of("truncated at " + cut, text.substring(0, cut));
            }
            case 7: {
                int at = random.nextInt(text.length() + 1);
                String junks = "{}[]\",:\\ x0-";
                char junk = junks.charAt(random.nextInt(junks.length()));
                return Mutation.of("'" + junk + "' inserted at " + at, text.substring(0, at) + junk + text.substring(at));
            }
            case 8: {
                List<String> whole = List.of("", " ", "null", "[]", "42", "\"text\"", "{", "}", "{}", "{\"a\":}", "[{}]",
                        "{\"a\":1,}", "{'a':1}", "NaN", text + text, text + "garbage");
                String body = whole.get(random.nextInt(whole.size()));
                return Mutation.of("body '" + (body.length() > 40 ? body.substring(0, 40) + "…" : body) + "'", body);
            }
            case 9: {
                JsonNode copy = seed.deepCopy();
                if (copy.isObject()) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).put("unexpected" + random.nextInt(100), "x");
                }
                return Mutation.of("an unknown field added", json.writeValueAsString(copy));
            }
            case 10: {
                // A duplicated key: the second value of a field, of a wrong type.
                return Mutation.of("a duplicated key", text.replaceFirst("\\{", "{\"" + lastSegment(path) + "\":[],"));
            }
            default: {
                JsonNode copy = seed.deepCopy();
                for (String each : paths) {
                    if (random.nextInt(3) == 0) {
                        remove(copy, each);
                    }
                }
                return Mutation.of("several fields removed", json.writeValueAsString(copy));
            }
        }
    }

    private static String lastSegment(String path) {
        String[] parts = path.split("\\.");
        String last = parts.length == 0 ? "x" : parts[parts.length - 1];
        return last.replaceAll("\\[\\d+]", "");
    }

    /** Dotted paths of every value, with [i] for list items. */
    private static void collectPaths(JsonNode node, String prefix, List<String> paths) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                collectPaths(field.getValue(), path, paths);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String path = prefix + "[" + i + "]";
                paths.add(path);
                collectPaths(node.get(i), path, paths);
            }
        }
    }

    private static JsonNode parentOf(JsonNode root, String path, String[] last) {
        List<String> steps = new ArrayList<>(Arrays.asList(path.replace("[", ".[").split("\\.")));
        steps.removeIf(String::isEmpty);
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1 && node != null; i++) {
            String step = steps.get(i);
            node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
        }
        last[0] = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        return node;
    }

    private static void remove(JsonNode root, String path) {
        String[] last = new String[1];
        JsonNode parent = parentOf(root, path, last);
        if (last[0] == null || parent == null) {
            return;
        }
        if (last[0].startsWith("[") && parent.isArray()) {
            int index = Integer.parseInt(last[0].substring(1, last[0].length() - 1));
            if (index < parent.size()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).remove(index);
            }
        } else if (parent.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove(last[0]);
        }
    }

    /** The seed with the value at {@code path} replaced by raw JSON text (which may not be valid JSON). */
    private String replace(JsonNode seed, String path, String raw) throws Exception {
        String marker = "\u0001MARK\u0001";
        JsonNode copy = seed.deepCopy();
        String[] last = new String[1];
        JsonNode parent = parentOf(copy, path, last);
        if (last[0] == null || parent == null) {
            return raw;
        }
        if (last[0].startsWith("[") && parent.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last[0].substring(1, last[0].length() - 1)),
                    json.getNodeFactory().textNode(marker));
        } else if (parent.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) parent).put(last[0], marker);
        }
        return json.writeValueAsString(copy).replace("\"\\u0001MARK\\u0001\"", raw);
    }
}
