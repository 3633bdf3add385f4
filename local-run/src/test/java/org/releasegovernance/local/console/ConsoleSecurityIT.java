package org.releasegovernance.local.console;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasegovernance.local.LocalSettings;
import org.releasegovernance.local.LocalSystem;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person relies on when they sign in to the console, checked over plain HTTP against the running system (the
 * three services and the console as processes): pages need a session, the session cookie cannot be read by scripts or
 * sent by other sites and changes at sign-in, a form without its CSRF token changes nothing, the token a person signs
 * in with never comes back to the browser, every page carries a Content-Security-Policy and loads nothing from another
 * origin, and signing out ends the session on the server.
 */
class ConsoleSecurityIT {

    private static final String SESSION_COOKIE = "RG_CONSOLE_SESSION";
    private static final String TOKEN = "demo-chair";
    /** The pages of the console's parts, whether or not this build has them yet: all need a session. */
    private static final List<String> PAGES = List.of("/", "/releases", "/releases/gpt-2", "/audit",
            "/subscriptions", "/deliveries", "/no-such-page", "/actuator", "/actuator/env");
    private static final Pattern LINK = Pattern.compile("(?:src|href|action)\\s*=\\s*[\"']([^\"']*)[\"']",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private static LocalSystem system;
    private static String console;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void startTheSystemWithTheConsole() throws IOException {
        Path dataDir = Files.createTempDirectory("release-governance-console-");
        system = LocalSystem.start(LocalSettings.onFreePorts(dataDir,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize()).withConsole());
        console = system.consoleUrl();
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void withoutASessionEveryPageSendsThePersonToSignIn() throws Exception {
        Visitor stranger = new Visitor();
        for (String page : PAGES) {
            Page answer = stranger.get(page);

            assertThat(answer.status()).as(page).isEqualTo(302);
            assertThat(answer.location()).as(page).isEqualTo(console + "/sign-in");
        }
    }

    @Test
    void signInAssetsAndHealthAnswerWithoutASession() throws Exception {
        Visitor stranger = new Visitor();

        assertThat(stranger.get("/sign-in").status()).isEqualTo(200);
        assertThat(stranger.get("/css/console.css").status()).isEqualTo(200);
        assertThat(stranger.get("/js/console.js").status()).isEqualTo(200);
        assertThat(new Visitor().get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(new Visitor().get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenIsRefusedOnThePageAndSignsNobodyIn() throws Exception {
        Visitor visitor = new Visitor();
        String unknown = "unknown-" + System.nanoTime();

        Page answer = visitor.signIn(unknown);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("The services do not know this token.").doesNotContain(unknown);
        assertThat(visitor.get("/").location()).isEqualTo(console + "/sign-in");
    }

    @Test
    void signingInGivesAFreshHttpOnlyStrictSessionCookie() throws Exception {
        Visitor chair = new Visitor();
        chair.get("/sign-in");
        String before = chair.session;

        Page answer = chair.signIn(TOKEN);

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.location()).isEqualTo(console + "/");
        String cookie = answer.sessionCookieHeader().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(before).as("the sign-in form's session").isNotNull();
        assertThat(chair.session).as("session fixation: the id changes at sign-in").isNotEqualTo(before);
        assertThat(chair.get("/").location()).isNotEqualTo(console + "/sign-in");
        assertThat(new Visitor(before).get("/").location()).as("the id from before sign-in")
                .isEqualTo(console + "/sign-in");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Visitor chair = signedIn();

        assertThat(chair.postWithoutCsrf("/sign-out", Map.of()).status()).isEqualTo(403);
        assertThat(chair.get("/").location()).as("still signed in").isNotEqualTo(console + "/sign-in");

        Visitor stranger = new Visitor();
        stranger.get("/sign-in");
        assertThat(stranger.postWithoutCsrf("/sign-in", Map.of("token", TOKEN)).status()).isEqualTo(403);
        assertThat(stranger.post("/sign-in", Map.of("token", TOKEN, "_csrf", "forged")).status()).isEqualTo(403);
        assertThat(stranger.get("/").location()).as("nobody signed in").isEqualTo(console + "/sign-in");
    }

    @Test
    void theTokenNeverComesBackToTheBrowser() throws Exception {
        Visitor chair = new Visitor();
        List<Page> answers = new ArrayList<>();
        answers.add(chair.get("/sign-in"));
        answers.add(chair.signIn(TOKEN));
        for (String page : PAGES) {
            answers.add(chair.get(page));
        }
        answers.add(chair.get("/sign-in"));

        for (Page answer : answers) {
            assertThat(answer.bodyWithoutTheDemoTokenExamples()).as(answer.describe()).doesNotContain(TOKEN);
            assertThat(answer.headers().map().toString()).as(answer.describe()).doesNotContain(TOKEN);
        }
    }

    @Test
    void everyHtmlAnswerHasAContentSecurityPolicyAndLoadsNothingFromAnotherOrigin() throws Exception {
        Visitor chair = new Visitor();
        List<Page> answers = new ArrayList<>();
        answers.add(chair.get("/sign-in"));
        answers.add(chair.signIn("unknown-token"));
        answers.add(chair.postWithoutCsrf("/sign-in", Map.of("token", "x")));
        answers.add(chair.signIn(TOKEN));
        for (String page : PAGES) {
            answers.add(chair.get(page));
        }
        Set<String> assets = new LinkedHashSet<>();

        for (Page answer : answers) {
            if (!answer.isHtml()) {
                continue;
            }
            assertThat(answer.header("Content-Security-Policy")).as(answer.describe())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
            assertThat(answer.body()).as(answer.describe()).doesNotContain("//cdn");
            for (String link : answer.links()) {
                assertThat(isOwnOrigin(link)).as(answer.describe() + " links to " + link).isTrue();
                if (link.startsWith("/css/") || link.startsWith("/js/")) {
                    assets.add(link);
                }
            }
        }

        assertThat(assets).contains("/css/console.css", "/js/console.js");
        for (String asset : assets) {
            Page answer = new Visitor().get(asset);
            assertThat(answer.status()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
        }
    }

    @Test
    void afterSignOutTheOldSessionCookieOpensNoPage() throws Exception {
        Visitor chair = signedIn();
        String session = chair.session;

        Page answer = chair.post("/sign-out", Map.of("_csrf", chair.csrfToken()));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.location()).isEqualTo(console + "/sign-in?signed-out");
        for (String page : PAGES) {
            assertThat(new Visitor(session).get(page).location()).as(page).isEqualTo(console + "/sign-in");
        }
    }

    /**
     * Generated hostile tokens — control characters, U+0000, lone surrogates, any Unicode, 10,000 characters, the
     * real token with something appended: each is refused with a 4xx page that does not repeat it, never a 5xx, and
     * never leaves a signed-in session behind.
     */
    @Test
    void strangeTokensAreRefusedWithoutAnErrorOrASession() throws Exception {
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (String token : strangeTokens().sampleStream().limit(150).toList()) {
            Visitor visitor = new Visitor();

            Page answer = visitor.signIn(token);

            String shown = printable(token);
            assertThat(answer.status()).as(shown).isBetween(400, 499);
            assertThat(answer.isHtml()).as(shown).isTrue();
            if (token.length() >= 8) {
                assertThat(answer.bodyWithoutTheDemoTokenExamples()).as(shown).doesNotContain(token);
            }
            assertThat(visitor.get("/").location()).as(shown).isEqualTo(console + "/sign-in");
            statuses.merge(answer.status(), 1, Integer::sum);
        }
        System.out.println("strange tokens at sign-in, by status: " + statuses);
    }

    private static Arbitrary<String> strangeTokens() {
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<String> anyUtf16 = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> printableAscii = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1)
                .ofMaxLength(200);
        Arbitrary<String> huge = Arbitraries.strings().withCharRange('!', '~').ofLength(10_000);
        Arbitrary<String> nearTheRealOne = Arbitraries.of("\u0000", "\u200b", "\u00a0x", "\ud800", "'", "\"", "<",
                "%00", ",demo-auditor", "\r\nX-Injected: 1", "\u202e").map(suffix -> TOKEN + suffix);
        Arbitrary<String> edges = Arbitraries.of("", " ", "\u0000", "Bearer " + TOKEN, TOKEN.toUpperCase(),
                "<script>alert(1)</script>", "${7*7}", "../../etc/passwd", "\ud83d\ude00", "\ufeff" + TOKEN,
                "demo-" + "chair".repeat(2000));
        return Arbitraries.frequencyOf(Tuple.of(2, control), Tuple.of(3, anyUtf16), Tuple.of(3, printableAscii),
                Tuple.of(1, huge), Tuple.of(2, nearTheRealOne), Tuple.of(2, edges));
    }

    private static String printable(String token) {
        String shown = token.length() > 60 ? token.substring(0, 60) + "… (" + token.length() + " chars)" : token;
        return shown.chars().mapToObj(c -> c < 0x20 || c > 0x7e ? "\\u%04x".formatted(c) : String.valueOf((char) c))
                .collect(Collectors.joining());
    }

    private static Visitor signedIn() throws Exception {
        Visitor chair = new Visitor();
        assertThat(chair.signIn(TOKEN).status()).isEqualTo(302);
        return chair;
    }

    private static boolean isOwnOrigin(String link) {
        if (link.startsWith("//")) {
            return false;
        }
        if (link.startsWith("http://") || link.startsWith("https://")) {
            return link.startsWith(console + "/");
        }
        return !link.contains(":") || link.startsWith("#");
    }

    /** One person's browser without a script engine: it keeps the console's session cookie and sends it back. */
    private static final class Visitor {

        private String session;

        Visitor() {
        }

        Visitor(String session) {
            this.session = session;
        }

        Page get(String path) throws IOException, InterruptedException {
            return send(request(path).GET());
        }

        /** Signs in the way the form does: the CSRF token from the sign-in page, then the token. */
        Page signIn(String token) throws IOException, InterruptedException {
            return post("/sign-in", Map.of("token", token, "_csrf", csrfToken()));
        }

        String csrfToken() throws IOException, InterruptedException {
            Matcher csrf = CSRF.matcher(get("/sign-in").body());
            assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
            return csrf.group(1);
        }

        Page post(String path, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream()
                    .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                    .collect(Collectors.joining("&"));
            return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        Page postWithoutCsrf(String path, Map<String, String> form) throws IOException, InterruptedException {
            return post(path, form);
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path))
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .timeout(Duration.ofSeconds(30));
            if (session != null) {
                request.header("Cookie", SESSION_COOKIE + "=" + session);
            }
            return request;
        }

        private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpRequest sent = request.build();
            HttpResponse<String> response = HTTP.send(sent, HttpResponse.BodyHandlers.ofString());
            Page page = new Page(sent.method() + " " + sent.uri().getRawPath(), response);
            page.sessionCookieHeader().ifPresent(cookie -> {
                String value = cookie.substring(cookie.indexOf('=') + 1).split(";", 2)[0];
                session = value.isEmpty() || cookie.contains("Max-Age=0") ? null : value;
            });
            return page;
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    private record Page(String request, HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        /** The sign-in page names the demo tokens as examples, each in {@code <code>}; the rest of the body. */
        String bodyWithoutTheDemoTokenExamples() {
            return body().replaceAll("<code>demo-[a-z0-9-]+</code>", "");
        }

        HttpHeaders headers() {
            return response.headers();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        String location() {
            return header("Location").orElse(null);
        }

        Optional<String> sessionCookieHeader() {
            return response.headers().allValues("Set-Cookie").stream()
                    .filter(cookie -> cookie.startsWith(SESSION_COOKIE + "="))
                    .findFirst();
        }

        boolean isHtml() {
            return header("Content-Type").map(type -> type.startsWith("text/html")).orElse(false);
        }

        List<String> links() {
            List<String> links = new ArrayList<>();
            Matcher link = LINK.matcher(body());
            while (link.find()) {
                links.add(link.group(1));
            }
            return links;
        }

        String describe() {
            return request + " → " + status();
        }
    }
}
