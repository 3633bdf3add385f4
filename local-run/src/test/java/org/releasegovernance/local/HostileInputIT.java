package org.releasegovernance.local;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.releasegovernance.events.EventValues;
import org.releasegovernance.verifier.AuditVerifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input, end to end through the running system (the three services as processes, real PostgreSQL and
 * Kafka): every free-text and numeric field of the decision API gets generated values — arbitrary UTF-16 (lone
 * surrogates, U+0000, noncharacters), valid Unicode of every plane, edge cases, integers of any size, decimals. A
 * decision is either refused with 400 naming a field whose value breaks a rule, or accepted — and then its event is
 * in the audit log, and the export's leaf bytes (checked by the offline verifier against the signed checkpoint)
 * hold each value exactly. Accepted-and-lost fails the property.
 */
class HostileInputIT {

    private static final int TEXT = 4000;
    private static final int NAME = 200;
    private static final String FAR_FUTURE = "2030-01-01T00:00:00Z";
    /** Writes every non-ASCII character as a JSON escape, so a lone surrogate reaches the API as {@code \ud800}. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger TRY = new AtomicInteger();
    private static final List<Expected> EXPECTED = new ArrayList<>();
    private static final Set<String> RELEASES = new LinkedHashSet<>();
    private static final Map<String, Integer> OUTCOMES = new HashMap<>();

    private static LocalSystem system;
    private final Api api = new Api();

    /** A value an accepted decision must have put, unchanged, into an event of the release. */
    private record Expected(String releaseId, String type, String pointer, JsonNode value) {
    }

    /** One field of a request and whether the API must accept it. */
    private record Field(String name, boolean valid) {
    }

    @BeforeContainer
    static void startTheSystem() throws IOException {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, freePort());
        }
        Path dataDir = Files.createTempDirectory("release-governance-hostile-");
        system = LocalSystem.start(new LocalSettings(dataDir, freePort(), freePort(), ports,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize()));
    }

    @AfterContainer
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /** 150 tries; each takes eleven decisions carrying 21 generated texts and 5 generated numbers. */
    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void whatTheApiAcceptsReachesTheOfflineVerifierUnchangedAndTheRestIsRefused(
            @ForAll("texts") List<String> texts, @ForAll("integers") List<String> numbers) throws Exception {
        String releaseId = "hostile-" + RUN + "-" + TRY.incrementAndGet();
        String governance = system.settings().url(Service.GOVERNANCE) + "/api/releases";
        String release = governance + "/" + releaseId;
        String stage = release + "/stages/117M";
        RELEASES.add(releaseId);

        ObjectNode register = object("releaseId", releaseId).put("model", texts.get(0));
        register.set("policy", object().put("quorum", 1));
        decide("ReleaseRegistered", releaseId, "demo-chair", governance, register,
                List.of(required("model", texts.get(0), NAME)),
                () -> object("releaseId", releaseId).put("model", "GPT-2").set("policy", object().put("quorum", 1)));

        ObjectNode proposal = object("stageId", "117M").put("access", "PUBLIC").put("rationale", texts.get(1));
        proposal.putRawValue("parameters", new RawValue(numbers.get(0)));
        decide("StageProposed", releaseId, "demo-member-1", release + "/stages", proposal,
                List.of(integer("parameters", numbers.get(0), 1, EventValues.MAX_INTEGER),
                        required("rationale", texts.get(1), TEXT)),
                () -> object("stageId", "117M").put("access", "PUBLIC").put("rationale", "r").put("parameters", 1));

        List<String> references = texts.subList(2, 2 + Math.min(5, texts.get(2).length() % 6));
        ObjectNode input = object("factor", "MISUSE_RISK").put("risk", "LOW").put("summary", texts.get(7));
        ArrayNode referenceArray = input.putArray("references");
        List<Field> inputFields = new ArrayList<>(List.of(required("summary", texts.get(7), TEXT)));
        for (int i = 0; i < references.size(); i++) {
            referenceArray.add(references.get(i));
            inputFields.add(required("references[" + i + "]", references.get(i), 2000));
        }
        decide("ExpertInputLogged", releaseId, "demo-expert", stage + "/expert-inputs", input, inputFields, null);

        decide("MemberRecused", releaseId, "demo-member-3", stage + "/recusals", object("reason", texts.get(8)),
                List.of(optional("reason", texts.get(8), TEXT)), null);
        decide("VoteCast", releaseId, "demo-member-2", stage + "/votes",
                object("vote", "APPROVE").put("rationale", texts.get(9)),
                List.of(required("rationale", texts.get(9), TEXT)),
                () -> object("vote", "APPROVE").put("rationale", "r"));
        decide("PartnerAccessGranted", releaseId, "demo-chair", stage + "/partners",
                object("partner", texts.get(10)).put("purpose", "DETECTION_RESEARCH").put("description", texts.get(11))
                        .put("agreementRef", texts.get(12)).put("expiresAt", FAR_FUTURE),
                List.of(required("partner", texts.get(10), NAME), optional("description", texts.get(11), TEXT),
                        required("agreementRef", texts.get(12), NAME)), null);
        decide("StageReleased", releaseId, "demo-chair", stage + "/release", object("note", texts.get(13)),
                List.of(optional("note", texts.get(13), TEXT)), () -> object("note", "released"));
        decide("MisuseReported", releaseId, "demo-member-1", stage + "/misuse-reports",
                object("reportedBy", texts.get(14)).put("summary", texts.get(15)).put("severity", "LOW"),
                List.of(required("reportedBy", texts.get(14), NAME), required("summary", texts.get(15), TEXT)), null);
        decide("ReviewScheduled", releaseId, "demo-chair", release + "/reviews",
                object("reviewId", "six-months").put("title", texts.get(16)).put("stageId", "117M")
                        .put("dueAt", FAR_FUTURE),
                List.of(required("title", texts.get(16), NAME)),
                () -> object("reviewId", "six-months").put("title", "t").put("stageId", "117M")
                        .put("dueAt", FAR_FUTURE));
        String url = "https://example.org/" + texts.get(18);
        decide("ReviewPublished", releaseId, "demo-chair", release + "/reviews/six-months/publish",
                object("summary", texts.get(17)).put("url", url),
                List.of(required("summary", texts.get(17), TEXT),
                        new Field("url", isAllowed(url, 2000, true) && url.matches("https?://\\S+"))), null);

        ObjectNode amendment = object("reason", texts.get(19));
        ObjectNode policy = amendment.putObject("policy");
        List<String> policyFields = List.of("quorum", "publicQuorum", "rejectionQuorum", "minDaysBetweenPublicStages");
        List<Field> amendmentFields = new ArrayList<>(List.of(required("reason", texts.get(19), TEXT)));
        for (int i = 0; i < policyFields.size(); i++) {
            policy.putRawValue(policyFields.get(i), new RawValue(numbers.get(1 + i)));
            amendmentFields.add(integer("policy." + policyFields.get(i), numbers.get(1 + i), i == 3 ? 0 : 1,
                    i == 3 ? 3650 : 1000));
        }
        decide("PolicyAmended", releaseId, "demo-chair", release + "/policy", amendment, amendmentFields, null);
        decide("StageWithdrawn", releaseId, "demo-chair", stage + "/withdraw", object("reason", texts.get(20)),
                List.of(required("reason", texts.get(20), TEXT)), null);
    }

    /**
     * Sends a decision and checks the answer against the rules: accepted exactly when every field is valid (a
     * policy amendment may still break a policy rule, 422), refused with 400 naming invalid fields otherwise. On
     * acceptance every field of the body becomes an expectation on the event; on refusal, the fallback (if any) is
     * sent so the story can go on.
     */
    private void decide(String type, String releaseId, String token, String url, ObjectNode body, List<Field> fields,
                        Supplier<ObjectNode> fallback) throws IOException {
        Set<String> invalid = new TreeSet<>();
        fields.stream().filter(field -> !field.valid()).forEach(field -> invalid.add(field.name()));
        Api.Response response = api.post(url, token, JSON.writeValueAsString(body));
        String outcome;
        if (response.status() == 400) {
            assertThat(invalid).as("refused although every field is valid: %s for %s", response.raw(), body)
                    .isNotEmpty();
            if (response.body().has("errors")) {
                List<String> named = new ArrayList<>();
                List<String> unbound = new ArrayList<>();
                response.body().get("errors").forEach(error -> {
                    named.add(error.get("field").asText());
                    String detail = error.path("detail").asText();
                    if (detail.contains("has the wrong type") || detail.contains("out of range")) {
                        unbound.add(error.get("field").asText());
                    }
                });
                if (unbound.isEmpty()) {
                    // every value bound, so the validation saw them all and names every invalid one
                    assertThat(named.stream().distinct().toList()).as(response.raw())
                            .containsExactlyInAnyOrderElementsOf(invalid);
                } else {
                    // a value that does not fit its field's type (a number beyond an int) stops the JSON binding
                    // there, so the refusal names that field; it must still be one of the invalid ones
                    assertThat(named).as(response.raw()).isNotEmpty().isSubsetOf(invalid);
                }
            } else {
                assertThat(invalid).as("the refusal names an invalid field: %s", response.raw())
                        .anySatisfy(field -> assertThat(response.body().get("detail").asText())
                                .contains("'" + field + "'"));
            }
            outcome = "refused (400)";
            if (fallback != null) {
                Api.Response safe = api.post(url, token, JSON.writeValueAsString(fallback.get()));
                assertThat(safe.status()).as(safe.raw()).isBetween(200, 299);
            }
        } else if (type.equals("PolicyAmended") && response.status() == 422 && invalid.isEmpty()) {
            outcome = "refused by a policy rule (422)";
        } else {
            assertThat(response.status()).as("%s answered %s for %s", type, response.raw(), body)
                    .isBetween(200, 299);
            assertThat(invalid).as("accepted although %s are invalid: %s", invalid, response.raw()).isEmpty();
            outcome = "accepted";
            expectFieldsOf(releaseId, type, body, "");
        }
        synchronized (OUTCOMES) {
            OUTCOMES.merge(outcome, 1, Integer::sum);
        }
    }

    private static void expectFieldsOf(String releaseId, String type, JsonNode body, String pointer) {
        body.fields().forEachRemaining(field -> {
            String at = pointer + "/" + field.getKey();
            if (field.getValue().isObject()) {
                expectFieldsOf(releaseId, type, field.getValue(), at);
            } else if (field.getValue() instanceof POJONode pojo && pojo.getPojo() instanceof RawValue literal) {
                synchronized (EXPECTED) {
                    EXPECTED.add(new Expected(releaseId, type, at, parse(literal.rawValue().toString())));
                }
            } else if (!at.equals("/vote") && !at.equals("/risk") && !at.equals("/severity") && !at.equals("/access")
                    && !at.equals("/purpose") && !at.equals("/expiresAt") && !at.equals("/dueAt")) {
                synchronized (EXPECTED) {
                    EXPECTED.add(new Expected(releaseId, type, at, field.getValue()));
                }
            }
        });
    }

    /** After all tries: the audit log holds every stored event, authentic and complete, and every accepted value. */
    @AfterProperty
    void everyAcceptedValueIsInTheVerifiedExportUnchanged() throws Exception {
        String audit = system.settings().url(Service.AUDIT) + "/api/audit";
        long stored = storedEvents();
        await().atMost(Duration.ofMinutes(2)).until(() -> auditedEventsOfTheseReleases(audit) == stored);
        // every append signs the checkpoint of the new tree in its transaction: the latest one covers the whole log

        Path dir = Files.createTempDirectory("hostile-export-");
        String checkpoint = api.getText(audit + "/checkpoint", "demo-auditor");
        Files.writeString(dir.resolve("checkpoint.txt"), checkpoint);
        Files.writeString(dir.resolve("log.jsonl"), api.getText(audit + "/export", "demo-auditor"));
        String key = api.get(audit + "/public-key", "demo-auditor").body().get("verifierKey").asText();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditVerifier.run(new String[] {"--export", dir.resolve("log.jsonl").toString(),
                "--checkpoint", dir.resolve("checkpoint.txt").toString(), "--key", key},
                new PrintStream(out), new PrintStream(err));
        assertThat(exit).as(out + " " + err).isZero();

        Map<String, List<JsonNode>> entriesByRelease = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("log.jsonl"))) {
            byte[] leaf = Base64.getDecoder().decode(JSON.readTree(line).get("entry").asText());
            // strict UTF-8: a replaced character would throw here
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(leaf));
            JsonNode entry = JSON.readTree(leaf);
            entriesByRelease.computeIfAbsent(entry.get("source").asText().substring("/releases/".length()),
                    release -> new ArrayList<>()).add(entry);
        }
        for (Expected expected : EXPECTED) {
            List<JsonNode> entries = entriesByRelease.getOrDefault(expected.releaseId(), List.of());
            assertThat(entries).as("%s of %s: %s = %s", expected.type(), expected.releaseId(), expected.pointer(),
                            expected.value())
                    .anySatisfy(entry -> {
                        assertThat(entry.get("type").asText()).isEqualTo("org.releasegovernance." + expected.type()
                                + ".v1");
                        assertThat(entry.get("data").at(expected.pointer())).isEqualTo(expected.value());
                    });
        }
        JsonNode verification = api.get(audit + "/verify", "demo-auditor").body();
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
        System.out.printf("hostile input: %d tries, %d decisions (%s), %d accepted values found unchanged in %d "
                        + "verified entries%n", TRY.get(), OUTCOMES.values().stream().mapToInt(Integer::intValue).sum(),
                OUTCOMES, EXPECTED.size(), stored);
    }

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z')
                .withChars(' ', '\u00e9', '"', '\\', '\n', '\t', '/', '\u4e2d').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> scalarValues = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                .list().ofMaxSize(12).map(HostileInputIT::fromCodePoints);
        Arbitrary<String> anyUtf16 = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<String> edges = Arbitraries.of("", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y", "\ud83d\ude00",
                "\udbff\udfff", "\uffff", "\ufdd0", "\u2028", "\u0001\u001f\u007f", "\"\\/", "\u00a0",
                "x".repeat(NAME + 1), "y".repeat(TEXT + 1), "z".repeat(NAME));
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(5, words), Tuple.of(3, scalarValues),
                Tuple.of(2, anyUtf16), Tuple.of(1, edges));
        return text.list().ofSize(21);
    }

    @Provide
    Arbitrary<List<String>> integers() {
        Arbitrary<String> small = Arbitraries.integers().between(-5, 1200).map(String::valueOf);
        Arbitrary<String> longs = Arbitraries.longs().map(String::valueOf);
        Arbitrary<String> huge = Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63).negate().multiply(
                BigInteger.TEN), BigInteger.TWO.pow(70)).map(String::valueOf);
        Arbitrary<String> edges = Arbitraries.of("0", "-0", "1", "1000", "1001", "3650", "3651",
                String.valueOf(EventValues.MAX_INTEGER), String.valueOf(EventValues.MAX_INTEGER + 1),
                String.valueOf(EventValues.MIN_INTEGER), String.valueOf(Long.MAX_VALUE), "9223372036854775808",
                "2147483648", "1.5", "1.0", "1e3", "-1", "117000000");
        return Arbitraries.frequencyOf(Tuple.of(4, small), Tuple.of(2, longs), Tuple.of(1, huge),
                Tuple.of(3, edges)).list().ofSize(5);
    }

    private static JsonNode parse(String literal) {
        try {
            return JSON.readTree(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field required(String name, String value, int max) {
        return new Field(name, isAllowed(value, max, true));
    }

    private static Field optional(String name, String value, int max) {
        return new Field(name, isAllowed(value, max, false));
    }

    /** The API's rules for text: the contract's, a length in UTF-16 units, and not blank if required. */
    private static boolean isAllowed(String value, int max, boolean required) {
        // Bean Validation's @NotBlank trims like String.trim(): every char up to U+0020 counts as blank
        return EventValues.isAllowedText(value) && value.length() <= max && !(required && value.trim().isEmpty());
    }

    /** The API's rules for an integer field: an integer literal within the field's range. */
    private static Field integer(String name, String literal, long min, long max) {
        boolean valid = literal.matches("-?\\d+") && new BigInteger(literal).compareTo(BigInteger.valueOf(min)) >= 0
                && new BigInteger(literal).compareTo(BigInteger.valueOf(max)) <= 0;
        return new Field(name, valid);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static ObjectNode object(String name, String value) {
        return object().put(name, value);
    }

    private long auditedEventsOfTheseReleases(String audit) {
        long audited = 0;
        for (String releaseId : RELEASES) {
            Api.Response history = api.get(audit + "/releases/" + releaseId + "/events", "demo-auditor");
            if (history.status() == 200) {
                JsonNode events = history.body().isArray() ? history.body() : history.body().get("events");
                audited += events.size();
            }
        }
        return audited;
    }

    private long storedEvents() throws Exception {
        try (Connection connection = DriverManager.getConnection(system.jdbcUrl(), "postgres", "postgres");
             PreparedStatement query = connection.prepareStatement("select count(*) from "
                     + "governance.domain_event_entry where aggregate_identifier like ?")) {
            query.setString(1, "hostile-" + RUN + "-%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
