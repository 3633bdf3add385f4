package org.releasegovernance.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The bad requests of the corpus: every write endpoint of the three services, each crossed with every mutation that
 * applies to it (broken JSON, wrong types, missing or out-of-range values, text the event contract refuses, wrong
 * media types, bad tokens and roles, bad {@code If-Match} and {@code Idempotency-Key}, unknown ids, an attacker's
 * {@code Host}), plus the raw-HTTP defects (encoded separators in paths, oversized headers and bodies, broken
 * framing) per service. Every request is one a correct service refuses with a 4xx problem document, storing nothing.
 */
final class BadInputCorpus {

    static final String WRONG_TOKEN = "not-a-token";
    static final String EVIL_HOST = "evil.example";
    /** What the corpus uses as a valid expiry or due date; far enough ahead for any run. */
    static final String FUTURE = "2030-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING = null;
    private static final long MAX_EVENT_INTEGER = (1L << 53) - 1;

    /** One request of the corpus; {@code expectedStatus} is null where any 4xx is a correct refusal. */
    record Case(String name, Service service, RawHttp.Request request, Integer expectedStatus) {
    }

    /** What a field holds, which decides how it can be broken. */
    enum Kind { TEXT, ID, ENUM, INSTANT, INTEGER, TEXT_LIST, OBJECT }

    /**
     * A field of a request body.
     *
     * @param path     dotted path in the body, e.g. {@code policy.quorum}
     * @param valid    a valid value (an enum's constant); unused for other kinds
     * @param min      an integer's least value, or a list's greatest size
     * @param max      a text's or a list item's greatest length, or an integer's greatest value
     * @param extra    further bad values of this field (label to raw JSON)
     */
    record Field(String path, Kind kind, boolean required, String valid, long min, long max,
                 Map<String, String> extra) {

        static Field text(String path, boolean required, int max) {
            return new Field(path, Kind.TEXT, required, null, 0, max, Map.of());
        }

        static Field id(String path, boolean required) {
            return new Field(path, Kind.ID, required, null, 0, 64, Map.of());
        }

        static Field choice(String path, boolean required, String valid) {
            return new Field(path, Kind.ENUM, required, valid, 0, 0, Map.of());
        }

        static Field instant(String path, boolean required) {
            return new Field(path, Kind.INSTANT, required, null, 0, 0, Map.of());
        }

        static Field integer(String path, boolean required, long min, long max) {
            return new Field(path, Kind.INTEGER, required, null, min, max, Map.of());
        }

        static Field texts(String path, int maxItems, int maxLength) {
            return new Field(path, Kind.TEXT_LIST, false, null, maxItems, maxLength, Map.of());
        }

        static Field object(String path) {
            return new Field(path, Kind.OBJECT, true, null, 0, 0, Map.of());
        }

        Field and(Map<String, String> moreBadValues) {
            Map<String, String> all = new LinkedHashMap<>(extra);
            all.putAll(moreBadValues);
            return new Field(path, kind, required, valid, min, max, all);
        }
    }

    /**
     * A write endpoint.
     *
     * @param template       the path as the OpenAPI document names it
     * @param path           the path with the seeded resources' ids
     * @param badTargets     paths (and queries) naming a resource that does not exist or breaking a rule, by label;
     *                       the first names an unknown resource, and a label saying "an unknown" expects 404
     * @param token          a token whose role may use the endpoint
     * @param forbiddenToken a valid token whose role may not
     * @param body           a valid body, fresh per case number (ids that must be new), or null for no body
     * @param bodyOptional   the endpoint also acts without a body, so an empty body is no mistake
     * @param conditional    the endpoint honours {@code If-Match}
     * @param keyed          the endpoint honours {@code Idempotency-Key}
     */
    record Endpoint(Service service, String method, String template, String path, Map<String, String> badTargets,
                    String token, String forbiddenToken, IntFunction<ObjectNode> body, boolean bodyOptional,
                    List<Field> fields, boolean conditional, boolean keyed) {

        String operation() {
            return method + " " + template;
        }
    }

    private final LocalSettings settings;
    private final List<Case> cases = new ArrayList<>();
    private int serial;

    private BadInputCorpus(LocalSettings settings) {
        this.settings = settings;
    }

    static List<Case> of(LocalSettings settings, List<Endpoint> endpoints) {
        BadInputCorpus corpus = new BadInputCorpus(settings);
        endpoints.forEach(corpus::endpointCases);
        for (Service service : Service.values()) {
            corpus.serviceCases(service, endpoints.stream().filter(e -> e.service() == service && e.body() != null)
                    .findFirst().orElseGet(() -> endpoints.stream().filter(e -> e.service() == service)
                            .findFirst().orElseThrow()));
        }
        return corpus.cases;
    }

    private void endpointCases(Endpoint endpoint) {
        authorisationCases(endpoint);
        headerCases(endpoint);
        unknownIdCases(endpoint);
        if (endpoint.body() != null) {
            bodyCases(endpoint);
            mediaTypeCases(endpoint);
            endpoint.fields().forEach(field -> fieldCases(endpoint, field));
        }
    }

    private void authorisationCases(Endpoint endpoint) {
        add(endpoint, "no token", 401, draft(endpoint).validBody().without("Authorization"));
        add(endpoint, "an unknown token", 401, draft(endpoint).validBody().token(WRONG_TOKEN));
        add(endpoint, "Basic credentials instead of a bearer token", 401, draft(endpoint).validBody()
                .set("Authorization", "Basic ZGVtby1jaGFpcjpkZW1vLWNoYWly"));
        add(endpoint, "an empty bearer token", 401, draft(endpoint).validBody().set("Authorization", "Bearer "));
        if (endpoint.body() != null) {
            add(endpoint, "a role that may not use it, with a malformed body", 403,
                    draft(endpoint).token(endpoint.forbiddenToken()).body("{\"oops\""));
        } else {
            add(endpoint, "a role that may not use it", 403, draft(endpoint).token(endpoint.forbiddenToken()));
        }
        if (!endpoint.badTargets().isEmpty()) {
            String unknown = endpoint.badTargets().values().iterator().next();
            add(endpoint, "a role that may not use it, on an unknown resource", 403,
                    draft(endpoint).validBody().token(endpoint.forbiddenToken()).target(unknown));
        }
    }

    private void headerCases(Endpoint endpoint) {
        if (endpoint.keyed()) {
            add(endpoint, "a 10 KB Idempotency-Key", 400, draft(endpoint).validBody()
                    .set("Idempotency-Key", "k".repeat(10 * 1024)));
            add(endpoint, "a blank Idempotency-Key", 400, draft(endpoint).validBody().set("Idempotency-Key", " "));
            if (endpoint.body() != null) {
                add(endpoint, "a valid Idempotency-Key with a malformed body (the refusal is not kept)", null,
                        draft(endpoint).body("{\"oops\"").set("Idempotency-Key", "corpus-" + serial));
            }
        }
        if (endpoint.conditional()) {
            add(endpoint, "If-Match beyond a long", 412, draft(endpoint).validBody()
                    .set("If-Match", "\"99999999999999999999\""));
            add(endpoint, "a weak If-Match", 412, draft(endpoint).validBody().set("If-Match", "W/\"x\""));
            add(endpoint, "an If-Match that is no version", 412, draft(endpoint).validBody()
                    .set("If-Match", "\"abc\""));
            add(endpoint, "an If-Match of a negative version", 412, draft(endpoint).validBody()
                    .set("If-Match", "\"-1\""));
            add(endpoint, "an unquoted If-Match", null, draft(endpoint).validBody().set("If-Match", "1"));
        }
        String malformedOrUnknown = endpoint.body() != null ? null : endpoint.badTargets().values().stream()
                .findFirst().orElse(null);
        Draft evil = draft(endpoint).set("Host", EVIL_HOST);
        if (endpoint.body() != null) {
            evil.body("{\"oops\"");
        } else if (malformedOrUnknown != null) {
            evil.target(malformedOrUnknown);
        } else {
            evil.token(endpoint.forbiddenToken());
        }
        add(endpoint, "Host: " + EVIL_HOST, null, evil);
    }

    private void unknownIdCases(Endpoint endpoint) {
        endpoint.badTargets().forEach((label, path) -> add(endpoint, label, label.startsWith("an unknown") ? 404
                : null, draft(endpoint).validBody().target(path)));
    }

    private void bodyCases(Endpoint endpoint) {
        add(endpoint, "truncated JSON", 400, draft(endpoint).body(chop(valid(endpoint))));
        add(endpoint, "trailing garbage", 400, draft(endpoint).body(valid(endpoint) + "x"));
        add(endpoint, "a second JSON document", 400, draft(endpoint).body(valid(endpoint) + "{}"));
        add(endpoint, "a trailing comma", 400, draft(endpoint).body(chop(valid(endpoint)) + ",}"));
        add(endpoint, "a comment", 400, draft(endpoint).body("/* c */" + valid(endpoint)));
        add(endpoint, "single quotes", 400, draft(endpoint).body(valid(endpoint).replace('"', '\'')));
        String valid = valid(endpoint);
        String first = valid.substring(1, valid.indexOf(',') > 0 ? valid.indexOf(',') : valid.length() - 1);
        add(endpoint, "a duplicate key", 400, draft(endpoint).body("{" + first + "," + valid.substring(1)));
        ObjectNode unknown = endpoint.body().apply(serial);
        unknown.put("actor", "somebody-else");
        add(endpoint, "an unknown field (actor)", 400, draft(endpoint).body(write(unknown)));
        add(endpoint, "a top-level array", 400, draft(endpoint).body("[" + valid(endpoint) + "]"));
        add(endpoint, "a top-level string", 400, draft(endpoint).body("\"x\""));
        add(endpoint, "a top-level number", 400, draft(endpoint).body("1"));
        if (!endpoint.bodyOptional()) {
            add(endpoint, "an empty body", 400, draft(endpoint).body(""));
            add(endpoint, "a JSON null body", 400, draft(endpoint).body("null"));
        }
        if (endpoint.fields().stream().anyMatch(Field::required)) {
            add(endpoint, "an empty object", 400, draft(endpoint).body("{}"));
        }
        Field text = endpoint.fields().stream().filter(field -> field.kind() == Kind.TEXT).findFirst().orElseThrow();
        ObjectNode marked = with(endpoint.body().apply(serial), text.path(), "\"MARK\"");
        byte[] invalidUtf8 = replace(write(marked), "MARK", new byte[] {'a', (byte) 0xC3, (byte) 0x28, 'b'});
        add(endpoint, "invalid UTF-8 in " + text.path(), 400, draft(endpoint).body(invalidUtf8));
        byte[] overlong = replace(write(marked), "MARK", new byte[] {(byte) 0xC0, (byte) 0xAF});
        add(endpoint, "an overlong UTF-8 '/' in " + text.path(), 400, draft(endpoint).body(overlong));
        add(endpoint, "5000 nested arrays in " + text.path(), 400, draft(endpoint).body(write(with(
                endpoint.body().apply(serial), text.path(), "[".repeat(5000) + "]".repeat(5000)))));
        add(endpoint, "a 300 KB " + text.path(), null, draft(endpoint).body(write(with(endpoint.body().apply(serial),
                text.path(), quote("x".repeat(300 * 1024))))));
    }

    private void mediaTypeCases(Endpoint endpoint) {
        add(endpoint, "Content-Type text/plain", 415, draft(endpoint).validBody().set("Content-Type", "text/plain"));
        add(endpoint, "Content-Type multipart/form-data without a boundary", null, draft(endpoint).validBody()
                .set("Content-Type", "multipart/form-data"));
        add(endpoint, "Content-Type application/xml", 415, draft(endpoint).validBody()
                .set("Content-Type", "application/xml"));
        add(endpoint, "no Content-Type", 415, draft(endpoint).validBody().without("Content-Type"));
        add(endpoint, "an unknown charset", null, draft(endpoint).validBody()
                .set("Content-Type", "application/json; charset=x-no-such-charset"));
    }

    private void fieldCases(Endpoint endpoint, Field field) {
        Map<String, String> values = new LinkedHashMap<>();
        if (field.required()) {
            values.put("missing", MISSING);
            values.put("null", "null");
        }
        switch (field.kind()) {
            case TEXT -> {
                if (field.required()) {
                    values.put("empty", "\"\"");
                    values.put("blank", "\"  \\t \"");
                }
                values.put("a number", "1");
                values.put("true", "true");
                values.put("an array", "[\"x\"]");
                values.put("an object", "{}");
                values.put("U+0000", "\"a\\u0000b\"");
                values.put("a lone high surrogate", "\"x\\ud800\"");
                values.put("a lone low surrogate", "\"\\udc00y\"");
                values.put("the noncharacter U+FFFF", "\"a\\uffff\"");
                values.put("the noncharacter U+FDD0", "\"\\ufdd0\"");
                values.put((field.max() + 1) + " characters", quote("x".repeat((int) field.max() + 1)));
            }
            case ID -> {
                values.put("empty", "\"\"");
                values.put("a slash", "\"a/b\"");
                values.put("dot-dot", "\"..\"");
                values.put("a space", "\"gpt 2\"");
                values.put("non-ASCII", "\"gpt-\\u00fc\"");
                values.put("U+0000", "\"a\\u0000\"");
                values.put("65 characters", quote("a".repeat(65)));
                values.put("a number", "123");
                values.put("true", "true");
            }
            case ENUM -> {
                values.put("empty", "\"\"");
                values.put("a number", "1");
                values.put("lower case", quote(field.valid().toLowerCase()));
                values.put("padded", quote(" " + field.valid() + " "));
                values.put("an array", "[" + quote(field.valid()) + "]");
                values.put("an unknown constant", "\"NOPE\"");
                values.put("a U+0000 suffix", "\"" + field.valid() + "\\u0000\"");
            }
            case INSTANT -> {
                values.put("epoch seconds", "1893456000");
                values.put("epoch seconds as text", "\"1893456000\"");
                values.put("year +294277", "\"+294277-01-01T00:00:00Z\"");
                values.put("nanoseconds", "\"2030-01-01T00:00:00.123456789Z\"");
                values.put("microseconds", "\"2030-01-01T00:00:00.123456Z\"");
                values.put("a date only", "\"2030-01-01\"");
                values.put("no offset", "\"2030-01-01T00:00:00\"");
                values.put("February 30", "\"2030-02-30T00:00:00Z\"");
                values.put("a word", "\"tomorrow\"");
                values.put("true", "true");
            }
            case INTEGER -> {
                values.put("1.5", "1.5");
                values.put("1.0", "1.0");
                values.put("1e3", "1e3");
                values.put("a string", "\"2\"");
                values.put("true", "true");
                values.put("-1", "-1");
                if (field.min() > 0) {
                    values.put(String.valueOf(field.min() - 1), String.valueOf(field.min() - 1));
                }
                values.put(String.valueOf(field.max() + 1), String.valueOf(field.max() + 1));
                values.put("2^53 + 1", String.valueOf(MAX_EVENT_INTEGER + 2));
                values.put("beyond a long", "99999999999999999999999");
            }
            case TEXT_LIST -> {
                values.put("[null]", "[null]");
                values.put("a string, not a list", "\"x\"");
                values.put("[1]", "[1]");
                values.put("[{}]", "[{}]");
                values.put("[\"\"]", "[\"\"]");
                values.put("an item with U+0000", "[\"a\\u0000\"]");
                values.put("an item with a lone surrogate", "[\"\\ud800\"]");
                values.put((field.min() + 1) + " items", "[" + String.join(",",
                        Collections.nCopies((int) field.min() + 1, "\"ok\"")) + "]");
                values.put("an item of " + (field.max() + 1) + " characters",
                        "[" + quote("x".repeat((int) field.max() + 1)) + "]");
            }
            case OBJECT -> {
                values.put("a string", "\"x\"");
                values.put("an array", "[]");
                values.put("an empty object", "{}");
            }
        }
        values.putAll(field.extra());
        values.forEach((label, literal) -> add(endpoint, field.path() + " " + label, 400,
                draft(endpoint).body(write(with(endpoint.body().apply(serial), field.path(), literal)))));
    }

    /**
     * Defects of HTTP itself, sent once per service to one of its write endpoints. Content-Length beside
     * Transfer-Encoding is not among them: RFC 9112 (section 6.3) lets a server process such a request by its chunked
     * framing alone.
     */
    private void serviceCases(Service service, Endpoint endpoint) {
        String path = endpoint.path();
        int lastSlash = path.lastIndexOf('/');
        String parent = path.substring(0, lastSlash);
        String leaf = path.substring(lastSlash + 1);
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("an encoded slash (%2F) in the path", parent + "/a%2F..%2F" + leaf);
        paths.put("an encoded NUL (%00) in the path", parent + "%00/" + leaf);
        paths.put("an encoded backslash (%5C) in the path", parent + "%5C" + leaf);
        paths.put("a dot-dot segment in the path", parent + "/../" + path.substring(1));
        paths.put("encoded dots (%2e%2e) in the path", parent + "/%2e%2e/" + path.substring(1));
        paths.put("a path parameter (;) in the path", path + ";jsessionid=x");
        paths.put("a double slash in the path", parent + "//" + leaf);
        paths.put("a raw 0xFF byte in the path", parent + "\u00ff/" + leaf);
        paths.put("a raw space in the path", parent + " x/" + leaf);
        paths.forEach((label, target) -> addService(service, label, null, draft(endpoint).validBody().target(target)));

        addService(service, "a 30 KB header", null, draft(endpoint).validBody().add("X-Padding", "p".repeat(30_000)));
        addService(service, "a bare CR in a header value", null, draft(endpoint).validBody().add("X-Note", "a\rb"));
        addService(service, "a space in a header name", null, draft(endpoint).validBody().add("X Note", "a"));
        addService(service, "no Host header", 400, draft(endpoint).validBody().without("Host"));
        addService(service, "two Host headers", 400, draft(endpoint).validBody().add("Host", EVIL_HOST));
        addService(service, "an absolute request target naming " + EVIL_HOST, null,
                draft(endpoint).body("{\"oops\"").target("http://" + EVIL_HOST + path));
        addService(service, "two different Content-Lengths", 400, draft(endpoint).validBody()
                .add("Content-Length", "1"));
        addService(service, "a Content-Length that is no number", 400, draft(endpoint).validBody()
                .set("Content-Length", "abc"));
        addService(service, "a negative Content-Length", 400, draft(endpoint).validBody().set("Content-Length", "-1"));
        addService(service, "a chunk size that is no number", 400, draft(endpoint).without("Content-Length")
                .set("Transfer-Encoding", "chunked").body("zz\r\n{}\r\n0\r\n\r\n"));
        addService(service, "an unknown method", null, draft(endpoint).validBody().method("FROB"));
        addService(service, "TRACE", null, draft(endpoint).method("TRACE"));
        addService(service, "PUT where only " + endpoint.method() + " is allowed", 405, draft(endpoint).validBody()
                .method("PUT"));
        addService(service, "a 20 MB body", null, draft(endpoint).body(twentyMegabytes()));
        addService(service, "GET /error", null, draft(endpoint).method("GET").target("/error")
                .without("Authorization"));
        addService(service, "a CORS preflight from " + EVIL_HOST, null, draft(endpoint).method("OPTIONS")
                .without("Authorization").without("Content-Type").without("Content-Length")
                .add("Origin", "https://" + EVIL_HOST).add("Access-Control-Request-Method", endpoint.method())
                .add("Access-Control-Request-Headers", "authorization, content-type"));
    }

    /** The endpoint's valid body for the next case, with ids of its own. */
    private String valid(Endpoint endpoint) {
        return write(endpoint.body().apply(serial));
    }

    private static String chop(String json) {
        return json.substring(0, json.length() - 1);
    }

    private static byte[] twentyMegabytes() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(20 * 1024 * 1024 + 32);
        body.writeBytes("{\"text\":\"".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("x".repeat(20 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private void add(Endpoint endpoint, String mutation, Integer expectedStatus, Draft draft) {
        cases.add(new Case(endpoint.operation() + ": " + mutation, endpoint.service(), draft.build(),
                expectedStatus));
        serial++;
    }

    private void addService(Service service, String mutation, Integer expectedStatus, Draft draft) {
        cases.add(new Case(service.module() + ": " + mutation, service, draft.build(), expectedStatus));
        serial++;
    }

    private Draft draft(Endpoint endpoint) {
        return new Draft(endpoint, serial, "127.0.0.1:" + settings.port(endpoint.service()));
    }

    /** A request being put together: the endpoint's valid request unless told otherwise. */
    private static final class Draft {

        private final Endpoint endpoint;
        private final int serial;
        private String method;
        private String target;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<RawHttp.Header> added = new ArrayList<>();
        private byte[] body;

        Draft(Endpoint endpoint, int serial, String host) {
            this.endpoint = endpoint;
            this.serial = serial;
            this.method = endpoint.method();
            this.target = endpoint.path();
            headers.put("Host", host);
            headers.put("Authorization", "Bearer " + endpoint.token());
            headers.put("Accept", "*/*");
            headers.put("Connection", "close");
        }

        Draft validBody() {
            if (endpoint.body() != null) {
                body(write(endpoint.body().apply(serial)));
            }
            return this;
        }

        Draft body(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8));
        }

        Draft body(byte[] bytes) {
            body = bytes;
            return this;
        }

        Draft token(String token) {
            return set("Authorization", "Bearer " + token);
        }

        Draft target(String newTarget) {
            target = newTarget;
            return this;
        }

        Draft method(String newMethod) {
            method = newMethod;
            return this;
        }

        /** Sets a header, replacing the draft's own. */
        Draft set(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Adds a header after the others, even one of a name already there. */
        Draft add(String name, String value) {
            added.add(new RawHttp.Header(name, value));
            return this;
        }

        Draft without(String name) {
            headers.put(name, null);
            return this;
        }

        RawHttp.Request build() {
            byte[] bytes = body == null ? new byte[0] : body;
            // a header the draft was told to leave out is mapped to null, and stays out
            if (body != null && !headers.containsKey("Content-Type")) {
                headers.put("Content-Type", "application/json");
            }
            if (!headers.containsKey("Content-Length")) {
                headers.put("Content-Length", String.valueOf(bytes.length));
            }
            List<RawHttp.Header> all = new ArrayList<>();
            headers.forEach((name, value) -> {
                if (value != null) {
                    all.add(new RawHttp.Header(name, value));
                }
            });
            all.addAll(added);
            return new RawHttp.Request(method, target, all, bytes);
        }
    }

    /** A copy of the body with the field at a dotted path set to a raw JSON literal, or removed if null. */
    static ObjectNode with(ObjectNode body, String path, String literal) {
        String[] names = path.split("\\.");
        ObjectNode parent = body;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(names[i]);
        }
        String name = names[names.length - 1];
        if (literal == null) {
            parent.remove(name);
        } else {
            parent.putRawValue(name, new RawValue(literal));
        }
        return body;
    }

    static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static byte[] replace(String json, String marker, byte[] bytes) {
        int at = json.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
