package org.releasegovernance.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.releasegovernance.local.BadInputCorpus.Case;
import org.releasegovernance.local.BadInputCorpus.Endpoint;
import org.releasegovernance.local.BadInputCorpus.Field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Bad input against every write endpoint of the three services, running as processes on real PostgreSQL and Kafka
 * (issue #11). Each case of {@link BadInputCorpus} must be refused with a 4xx (the exact status where HTTP or the
 * API fixes it: 401, 403, 404, 405, 412, 415), as an RFC 9457 problem document ({@code type}, {@code title},
 * {@code status} equal to the answer's) whose {@code detail} leaks no internals, with no header naming an attacker's
 * host and no CORS grant; and nothing may be stored: every table of the database is compared before and after.
 *
 * <p>Every failing case is one line of the summary printed at the end (and written to
 * {@code target/bad-input-corpus.txt}), so one run shows everything that is broken. A case a service lets through
 * can use up what it acted on (a member has one vote, a review is published once), so a later case on the same
 * endpoint may be refused by a rule instead of by validation: that shows as, say, "status 409 instead of 400", a
 * failure still, never a pass.
 */
class BadInputCorpusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RELEASE = "gpt-2";
    /** A second release whose stage 345M is halted by a misuse report on its released 117M. */
    private static final String HALTED = "gpt-2-halted";
    private static final String PARTNER = "Detection Lab";
    private static final String REVIEW = "six-months";
    private static final Pattern INTERNAL_TEXT = Pattern.compile("\\bSQL|Exception|(?i:constraint)|JDBC|"
            + "(?<![\\w.])(org|com|java|javax|jakarta|sun)\\.[a-z]\\w*\\.|\\.java:\\d|\\bat [\\w$.]+\\(");
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\tat ");
    private static final List<String> FAILURES = new ArrayList<>();

    private static LocalSystem system;
    private static WireMockServer hooks;
    private static Connection database;
    private static List<Endpoint> endpoints;
    private static List<Case> cases;
    private static DatabaseSnapshot lastSeen;

    @BeforeAll
    static void startAndSeedTheSystem() throws Exception {
        hooks = new WireMockServer(options().dynamicPort());
        hooks.start();
        hooks.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        Path dataDir = Files.createTempDirectory("release-governance-corpus-");
        system = LocalSystem.start(LocalSettings.onFreePorts(dataDir,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize()));
        database = DriverManager.getConnection(system.jdbcUrl(), "postgres", "postgres");
        Seed seed = seed();
        endpoints = endpoints(seed);
        cases = BadInputCorpus.of(system.settings(), endpoints);
    }

    @AfterAll
    static void reportAndStop() throws Exception {
        if (cases != null) {
            StringBuilder summary = new StringBuilder("bad-input corpus: %d cases, %d refused correctly, %d failed%n"
                    .formatted(cases.size(), cases.size() - FAILURES.size(), FAILURES.size()));
            FAILURES.forEach(line -> summary.append("  ").append(line).append(System.lineSeparator()));
            System.out.print(summary);
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("bad-input-corpus.txt"), summary);
            }
        }
        if (database != null) {
            database.close();
        }
        if (system != null) {
            system.close();
        }
        if (hooks != null) {
            hooks.stop();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadRequestIsRefusedWithAProblemDocumentAndStoresNothing() {
        return cases.stream().map(badRequest -> dynamicTest(badRequest.name(), () -> refusedCleanly(badRequest)));
    }

    /** Each write operation a service documents has cases, so a new endpoint cannot slip past the corpus. */
    @Test
    void theCorpusCoversEveryDocumentedWriteOperation() throws Exception {
        Set<String> covered = new TreeSet<>();
        endpoints.forEach(endpoint -> covered.add(endpoint.service() + " " + endpoint.operation()));
        Set<String> documented = new TreeSet<>();
        Map<Service, String> readers = Map.of(Service.GOVERNANCE, "demo-chair", Service.AUDIT, "demo-auditor",
                Service.NOTIFIER, "demo-subscriber-admin");
        Api api = new Api();
        for (Service service : Service.values()) {
            Api.Response openApi = api.get(system.settings().url(service) + "/v3/api-docs", readers.get(service));
            assertThat(openApi.status()).as(openApi.raw()).isEqualTo(200);
            openApi.body().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> {
                        if (Set.of("post", "put", "patch", "delete").contains(method)) {
                            documented.add(service + " " + method.toUpperCase() + " " + path.getKey());
                        }
                    }));
        }
        assertThat(covered).containsAll(documented);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
    }

    private void refusedCleanly(Case badRequest) throws SQLException {
        DatabaseSnapshot before = DatabaseSnapshot.take(database);
        List<String> wrong = new ArrayList<>();
        RawHttp.Response response = null;
        try {
            response = RawHttp.exchange(LocalSettings.LOOPBACK, system.settings().port(badRequest.service()),
                    badRequest.request());
            wrong.addAll(problemsWith(badRequest, response));
        } catch (IOException e) {
            wrong.add("no answer (" + e.getMessage() + ")");
        }
        DatabaseSnapshot after = DatabaseSnapshot.take(database);
        List<String> stored = after.changesSince(before);
        if (!stored.isEmpty()) {
            wrong.add("stored: " + String.join(", ", stored));
            if (stored.stream().anyMatch(change -> change.contains("domain_event_entry")
                    || change.contains("replay"))) {
                settle();
            }
        }
        if (!wrong.isEmpty()) {
            String line = badRequest.name() + " -> " + String.join("; ", wrong)
                    + (response == null ? "" : " | " + response.status() + " " + excerpt(response));
            FAILURES.add(line);
            fail(line);
        }
    }

    /** What is wrong with the answer to a bad request; empty when it is a clean refusal. */
    private static List<String> problemsWith(Case badRequest, RawHttp.Response response) {
        List<String> wrong = new ArrayList<>();
        int status = response.status();
        if (badRequest.expectedStatus() != null && status != badRequest.expectedStatus()) {
            wrong.add("status " + status + " instead of " + badRequest.expectedStatus());
        } else if (status < 400 || status > 499) {
            wrong.add("status " + status + " is no 4xx");
        }
        response.headers().forEach((name, values) -> {
            if (values.stream().anyMatch(value -> value.contains(BadInputCorpus.EVIL_HOST))) {
                wrong.add("header " + name + " names " + BadInputCorpus.EVIL_HOST);
            }
        });
        if (response.header("Access-Control-Allow-Origin") != null) {
            wrong.add("a CORS grant (Access-Control-Allow-Origin: " + response.header("Access-Control-Allow-Origin")
                    + ")");
        }
        if (status < 400) {
            return wrong;
        }
        String contentType = response.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            wrong.add("Content-Type " + contentType);
        }
        if (STACK_FRAME.matcher(response.text()).find()) {
            wrong.add("a stack trace in the body");
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (IOException e) {
            wrong.add("a body that is not JSON");
            return wrong;
        }
        if (problem == null || !problem.isObject()) {
            wrong.add("a body that is no JSON object");
            return wrong;
        }
        for (String member : List.of("type", "title")) {
            if (!problem.path(member).isTextual() || problem.path(member).asText().isBlank()) {
                wrong.add("no " + member);
            }
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != status) {
            wrong.add("problem status " + problem.path("status") + " is not " + status);
        }
        if (problem.has("detail") && INTERNAL_TEXT.matcher(problem.path("detail").asText()).find()) {
            wrong.add("internals in detail");
        }
        return wrong;
    }

    /**
     * After a case that stored an event or started a replay, waits until the audit log has caught up with the event
     * store, no replay is running and the database holds still, so what the leak sets off later is not blamed on the
     * next case.
     */
    private static void settle() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            DatabaseSnapshot now = DatabaseSnapshot.take(database);
            boolean still = now.equals(lastSeen) && !replayRunning()
                    && now.rows("audit.log_entry") == now.rows("governance.domain_event_entry");
            lastSeen = now;
            return still;
        });
    }

    private static boolean replayRunning() throws SQLException {
        try (var query = database.prepareStatement("select count(*) from audit.replay where finished_at is null");
             var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    private static String excerpt(RawHttp.Response response) {
        String text = response.text().replaceAll("\\s+", " ");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The ids of the seeded resources the endpoints' valid requests act on. */
    private record Seed(String subscription, String mastodonSubscription, String victimSubscription,
                        String deliveredDelivery) {
    }

    /**
     * gpt-2 with 117M released (misuse can be reported on it), 345M approved and shared with a partner (release,
     * grant, revoke), 762M proposed (expert input, votes, recusal, withdrawal) and a review scheduled; gpt-2-halted
     * with its 345M halted (resume votes); a webhook subscription with a delivered delivery, a Mastodon subscription
     * and one that the DELETE cases may delete.
     */
    private static Seed seed() throws Exception {
        Api api = new Api();
        String notifier = system.settings().url(Service.NOTIFIER) + "/api/subscriptions";
        String subscription = created(api.post(notifier, "demo-subscriber-admin", """
                {"channel":"WEBHOOK","url":"%s/hooks/main","eventTypes":["StageReleased"],"releaseIds":["gpt-2"]}"""
                .formatted(hooks.baseUrl())));
        String mastodon = created(api.post(notifier, "demo-subscriber-admin", """
                {"channel":"MASTODON","url":"%s","accessToken":"corpus-token","releaseIds":["gpt-3"]}"""
                .formatted(hooks.baseUrl())));
        String victim = created(api.post(notifier, "demo-subscriber-admin", """
                {"channel":"WEBHOOK","url":"%s/hooks/victim","eventTypes":["StageReleased"],"releaseIds":["gpt-3"]}"""
                .formatted(hooks.baseUrl())));

        String releases = system.settings().url(Service.GOVERNANCE) + "/api/releases";
        for (String release : List.of(RELEASE, HALTED)) {
            String stages = releases + "/" + release + "/stages";
            expect(201, api.post(releases, "demo-chair", """
                    {"releaseId":"%s","model":"GPT-2","policy":{"quorum":2}}""".formatted(release)));
            propose(api, stages, "117M", 117_000_000, "PUBLIC");
            approve(api, stages + "/117M");
            expect(202, api.post(stages + "/117M/release", "demo-chair", "{\"note\":\"Weights and code published\"}"));
            propose(api, stages, "345M", 345_000_000, "PARTNERS");
        }
        String stages = releases + "/" + RELEASE + "/stages";
        approve(api, stages + "/345M");
        // one grant per revocation case that a lenient service would carry out, so each case has a grant to refuse
        for (String partner : List.of(PARTNER, "Lab 1", "Lab 2", "Lab 3", "Lab 4")) {
            expect(201, api.post(stages + "/345M/partners", "demo-chair", """
                    {"partner":"%s","purpose":"DETECTION_RESEARCH","description":"Output detection",
                     "agreementRef":"AGR-1","expiresAt":"%s"}""".formatted(partner, BadInputCorpus.FUTURE)));
        }
        propose(api, stages, "762M", 762_000_000, "PARTNERS");
        expect(201, api.post(releases + "/" + RELEASE + "/reviews", "demo-chair", """
                {"reviewId":"%s","title":"Six-month analysis","stageId":"117M","dueAt":"%s"}"""
                .formatted(REVIEW, BadInputCorpus.FUTURE)));
        expect(201, api.post(releases + "/" + HALTED + "/stages/117M/misuse-reports", "demo-member-1", """
                {"reportedBy":"A researcher","summary":"Generated spam seen","severity":"HIGH"}"""));

        String delivered = await().atMost(Duration.ofMinutes(2)).until(() -> deliveredDelivery(subscription),
                id -> id != null);
        settle();
        return new Seed(subscription, mastodon, victim, delivered);
    }

    private static String deliveredDelivery(String subscription) throws SQLException {
        try (var query = database.prepareStatement(
                "select id from notifier.delivery where subscription_id = ?::uuid and status = 'DELIVERED'")) {
            query.setString(1, subscription);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void propose(Api api, String stages, String stageId, long parameters, String access) {
        expect(201, api.post(stages, "demo-member-1", """
                {"stageId":"%s","parameters":%d,"access":"%s","rationale":"The next step of the plan"}"""
                .formatted(stageId, parameters, access)));
    }

    private static void approve(Api api, String stage) {
        for (String member : List.of("demo-member-2", "demo-member-3")) {
            expect(202, api.post(stage + "/votes", member, "{\"vote\":\"APPROVE\",\"rationale\":\"Benefits win\"}"));
        }
    }

    private static String created(Api.Response response) {
        expect(201, response);
        return response.body().get("id").asText();
    }

    private static void expect(int status, Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
    }

    /**
     * Every write endpoint, in the order the cases run: those whose valid request, if a broken service let it
     * through, would change what later cases act on (a misuse report halting stages, a withdrawal, a deletion) come
     * last.
     */
    private static List<Endpoint> endpoints(Seed seed) {
        String release = "/api/releases/" + RELEASE;
        String unknownRelease = "/api/releases/no-such-release";
        String longId = "/api/releases/" + "a".repeat(65);
        List<Endpoint> all = new ArrayList<>();
        all.add(governance("POST", "/api/releases", "/api/releases", Map.of(), "demo-chair", "demo-member-1",
                n -> body("releaseId", "leak-" + n).put("model", "GPT-2").set("policy", body("quorum", 2)), false,
                List.of(Field.id("releaseId", true), Field.text("model", true, 200), Field.object("policy"),
                        Field.integer("policy.quorum", true, 1, 1000),
                        Field.integer("policy.publicQuorum", false, 1, 1000),
                        Field.integer("policy.rejectionQuorum", false, 1, 1000),
                        Field.integer("policy.minDaysBetweenPublicStages", false, 0, 3650),
                        Field.texts("policy.requiredFactors", 20, 64).and(Map.of(
                                "a lower-case factor", "[\"misuse_risk\"]", "a factor, not a list",
                                "\"MISUSE_RISK\""))), false));
        all.add(governance("POST", "/api/releases/{releaseId}/policy", release + "/policy",
                targets("an unknown release", unknownRelease + "/policy", "a 65-character release id",
                        longId + "/policy"),
                "demo-chair", "demo-member-1",
                n -> body("reason", "Tighten the review").set("policy", body("quorum", 2)), false,
                List.of(Field.text("reason", true, 4000), Field.object("policy"),
                        Field.integer("policy.quorum", true, 1, 1000)), true));
        all.add(governance("POST", "/api/releases/{releaseId}/reviews", release + "/reviews",
                targets("an unknown release", unknownRelease + "/reviews"), "demo-chair", "demo-expert",
                n -> body("reviewId", "leak-" + n).put("title", "Six-month analysis").put("stageId", "117M")
                        .put("dueAt", BadInputCorpus.FUTURE), false,
                List.of(Field.id("reviewId", false), Field.text("title", true, 200), Field.id("stageId", true),
                        Field.instant("dueAt", true)), true));
        all.add(governance("POST", "/api/releases/{releaseId}/reviews/{reviewId}/publish",
                release + "/reviews/" + REVIEW + "/publish",
                targets("an unknown release", unknownRelease + "/reviews/" + REVIEW + "/publish",
                        "an unknown review", release + "/reviews/no-such-review/publish"),
                "demo-chair", "demo-auditor",
                n -> body("summary", "No misuse beyond spam").put("url", "https://example.org/report"), false,
                List.of(Field.text("summary", true, 4000), Field.text("url", true, 2000).and(Map.of(
                        "ftp", "\"ftp://example.org/report\"", "javascript", "\"javascript:alert(1)\"",
                        "with a space", "\"https://example.org/a b\"", "no scheme", "\"example.org/report\""))),
                true));
        all.add(governance("POST", "/api/releases/{releaseId}/stages", release + "/stages",
                targets("an unknown release", unknownRelease + "/stages"), "demo-member-1", "demo-expert",
                n -> body("stageId", "leak-" + n).put("parameters", 774_000_000).put("access", "PARTNERS")
                        .put("rationale", "A larger model for partners"), false,
                List.of(Field.id("stageId", true), Field.integer("parameters", true, 1, (1L << 53) - 1),
                        Field.choice("access", true, "PARTNERS"), Field.text("rationale", true, 4000),
                        Field.instant("earliestReleaseAt", false)), true));
        String open = release + "/stages/762M";
        all.add(stageEndpoint("POST", "expert-inputs", open, "demo-expert", "demo-member-1",
                n -> {
                    ObjectNode input = body("factor", "MISUSE_RISK").put("risk", "LOW").put("summary", "Low risk");
                    input.putArray("references").add("https://example.org/study");
                    return input;
                }, false,
                List.of(Field.text("summary", true, 4000), Field.id("factor", true).and(Map.of(
                        "lower case", "\"misuse_risk\"")), Field.choice("risk", true, "LOW"),
                        Field.texts("references", 50, 2000))));
        all.add(stageEndpoint("POST", "votes", open, "demo-member-2", "demo-expert", BadInputCorpusIT::vote, false,
                voteFields()));
        all.add(stageEndpoint("POST", "recusals", open, "demo-member-3", "demo-expert",
                n -> body("reason", "A conflict of interest"), true, List.of(Field.text("reason", false, 4000))));
        String approved = release + "/stages/345M";
        all.add(stageEndpoint("POST", "partners", approved, "demo-chair", "demo-member-1",
                n -> body("partner", "Lab " + n).put("purpose", "DETECTION_RESEARCH").put("description", "Detection")
                        .put("agreementRef", "AGR-" + n).put("expiresAt", BadInputCorpus.FUTURE), false,
                List.of(Field.text("partner", true, 200), Field.choice("purpose", true, "DETECTION_RESEARCH"),
                        Field.text("description", false, 4000), Field.text("agreementRef", true, 200),
                        Field.instant("expiresAt", true))));
        String grant = approved + "/partners/Detection%20Lab";
        Map<String, String> revokeTargets = targets(
                "an unknown release", unknownRelease + "/stages/345M/partners/Detection%20Lab",
                "an unknown stage", release + "/stages/9B/partners/Detection%20Lab",
                "a partner without a grant", approved + "/partners/Nobody",
                "a reason with U+0000", approved + "/partners/Lab%201?reason=a%00b",
                "a reason with a lone surrogate (invalid UTF-8)", approved + "/partners/Lab%202?reason=a%ED%A0%80b",
                "a reason that is not UTF-8", approved + "/partners/Lab%203?reason=a%FFb",
                "a reason of 4001 characters", approved + "/partners/Lab%204?reason=" + "x".repeat(4001),
                "a partner with U+0000", approved + "/partners/Detection%00Lab");
        all.add(governance("DELETE", "/api/releases/{releaseId}/stages/{stageId}/partners/{partner}", grant,
                revokeTargets, "demo-chair", "demo-member-1", null, false, List.of(), true));
        all.add(stageEndpoint("POST", "release", approved, "demo-chair", "demo-member-1",
                n -> body("note", "Weights shared with partners"), true,
                List.of(Field.text("note", false, 4000), Field.instant("at", false))));
        all.add(stageEndpoint("DELETE", "release", approved, "demo-chair", "demo-member-1", null, false, List.of()));
        all.add(governance("POST", "/api/releases/{releaseId}/stages/{stageId}/resume-votes",
                "/api/releases/" + HALTED + "/stages/345M/resume-votes",
                targets("an unknown release", unknownRelease + "/stages/345M/resume-votes",
                        "an unknown stage", "/api/releases/" + HALTED + "/stages/9B/resume-votes"),
                "demo-member-2", "demo-expert", BadInputCorpusIT::vote, false, voteFields(), true));
        all.add(governance("POST", "/api/releases/{releaseId}/stages/{stageId}/misuse-reports",
                "/api/releases/" + HALTED + "/stages/117M/misuse-reports",
                targets("an unknown release", unknownRelease + "/stages/117M/misuse-reports",
                        "an unknown stage", "/api/releases/" + HALTED + "/stages/9B/misuse-reports"),
                "demo-member-1", "demo-auditor",
                n -> body("reportedBy", "A researcher").put("summary", "More spam").put("severity", "LOW"), false,
                List.of(Field.text("reportedBy", true, 200), Field.text("summary", true, 4000),
                        Field.choice("severity", true, "LOW")), true));
        all.add(stageEndpoint("POST", "withdraw", open, "demo-chair", "demo-member-1",
                n -> body("reason", "Superseded by a larger model"), false, List.of(Field.text("reason", true, 4000))));

        all.add(new Endpoint(Service.AUDIT, "POST", "/api/audit/replays", "/api/audit/replays", Map.of(),
                "demo-auditor", "demo-member-1", null, false, List.of(), false, true));

        String subscriptions = "/api/subscriptions";
        String unknownSubscription = subscriptions + "/" + UUID.randomUUID();
        Map<String, String> urls = Map.of(
                "the cloud metadata address", "\"http://169.254.169.254/latest/meta-data/\"",
                "a private address", "\"http://10.0.0.1/hook\"", "a file URL", "\"file:///etc/passwd\"",
                "a javascript URL", "\"javascript:alert(1)\"", "no host", "\"http://\"", "a word",
                "\"not a url\"");
        Map<String, String> eventTypes = Map.of("no event type", "[]", "an unknown event type", "[\"Nope\"]",
                "a lower-case event type", "[\"stagereleased\"]");
        all.add(new Endpoint(Service.NOTIFIER, "POST", subscriptions, subscriptions, Map.of(),
                "demo-subscriber-admin", "demo-chair",
                n -> {
                    ObjectNode request = body("channel", "WEBHOOK").put("url", hooks.baseUrl() + "/hooks/leak-" + n);
                    request.putArray("eventTypes").add("StageReleased");
                    request.putArray("releaseIds").add(RELEASE);
                    return request;
                }, false,
                List.of(Field.text("url", true, 2000).and(urls), Field.choice("channel", true, "WEBHOOK"),
                        Field.texts("eventTypes", 1000, 200).and(eventTypes), Field.texts("releaseIds", 1000, 64),
                        Field.text("accessToken", false, 500).and(Map.of("on a WEBHOOK subscription",
                                "\"a-token\""))), false, true));
        Map<String, String> badIds = targets("an unknown subscription", unknownSubscription,
                "a subscription id that is no UUID", subscriptions + "/not-a-uuid",
                "a subscription id with trailing text", subscriptions + "/" + seed.subscription() + "x");
        all.add(new Endpoint(Service.NOTIFIER, "PATCH", subscriptions + "/{id}",
                subscriptions + "/" + seed.subscription(), badIds, "demo-subscriber-admin", "demo-chair",
                n -> body("status", "PAUSED"), false,
                List.of(Field.text("url", false, 2000).and(urls), Field.choice("status", false, "PAUSED").and(
                        Map.of("DISABLED (only the notifier disables)", "\"DISABLED\"")),
                        Field.texts("eventTypes", 1000, 200).and(eventTypes), Field.texts("releaseIds", 1000, 64),
                        Field.text("accessToken", false, 500).and(Map.of("on a WEBHOOK subscription",
                                "\"a-token\""))), true, true));
        Map<String, String> secretTargets = new LinkedHashMap<>();
        badIds.forEach((label, path) -> secretTargets.put(label, path + "/secret"));
        secretTargets.put("a MASTODON subscription (no secret to rotate)",
                subscriptions + "/" + seed.mastodonSubscription() + "/secret");
        all.add(new Endpoint(Service.NOTIFIER, "POST", subscriptions + "/{id}/secret",
                subscriptions + "/" + seed.subscription() + "/secret", secretTargets, "demo-subscriber-admin",
                "demo-chair", null, false, List.of(), true, true));
        all.add(new Endpoint(Service.NOTIFIER, "POST", "/api/deliveries/{id}/retry",
                "/api/deliveries/" + seed.deliveredDelivery() + "/retry",
                targets("an unknown delivery", "/api/deliveries/" + UUID.randomUUID() + "/retry",
                        "a delivery id that is no UUID", "/api/deliveries/not-a-uuid/retry",
                        "a delivered delivery (only dead letters are retried)",
                        "/api/deliveries/" + seed.deliveredDelivery() + "/retry"),
                "demo-subscriber-admin", "demo-chair", null, false, List.of(), false, true));
        all.add(new Endpoint(Service.NOTIFIER, "DELETE", subscriptions + "/{id}",
                subscriptions + "/" + seed.victimSubscription(), badIds, "demo-subscriber-admin", "demo-chair",
                null, false, List.of(), true, true));
        return all;
    }

    private static Endpoint governance(String method, String template, String path, Map<String, String> targets,
                                       String token, String forbiddenToken, IntFunction<ObjectNode> body,
                                       boolean bodyOptional, List<Field> fields, boolean conditional) {
        return new Endpoint(Service.GOVERNANCE, method, template, path, targets, token, forbiddenToken, body,
                bodyOptional, fields, conditional, true);
    }

    /** An endpoint below {@code /api/releases/{releaseId}/stages/{stageId}/}, on the given seeded stage. */
    private static Endpoint stageEndpoint(String method, String action, String stage, String token,
                                          String forbiddenToken, IntFunction<ObjectNode> body, boolean bodyOptional,
                                          List<Field> fields) {
        String releasePath = stage.substring(0, stage.indexOf("/stages/"));
        String stageId = stage.substring(stage.lastIndexOf('/') + 1);
        return governance(method, "/api/releases/{releaseId}/stages/{stageId}/" + action, stage + "/" + action,
                targets("an unknown release", "/api/releases/no-such-release/stages/" + stageId + "/" + action,
                        "an unknown stage", releasePath + "/stages/9B/" + action,
                        "a non-ASCII stage id", releasePath + "/stages/%C3%BC/" + action,
                        "a 65-character stage id", releasePath + "/stages/" + "a".repeat(65) + "/" + action),
                token, forbiddenToken, body, bodyOptional, fields, true);
    }

    private static ObjectNode vote(int serial) {
        return body("vote", "APPROVE").put("rationale", "The benefits outweigh the risk");
    }

    private static List<Field> voteFields() {
        return List.of(Field.text("rationale", true, 4000), Field.choice("vote", true, "APPROVE"));
    }

    private static Map<String, String> targets(String... labelsAndPaths) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Iterator<String> it = List.of(labelsAndPaths).iterator(); it.hasNext(); ) {
            targets.put(it.next(), it.next());
        }
        return targets;
    }

    private static ObjectNode body(String name, String value) {
        return JSON.createObjectNode().put(name, value);
    }

    private static ObjectNode body(String name, int value) {
        return JSON.createObjectNode().put(name, value);
    }
}
