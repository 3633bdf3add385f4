package org.releasegovernance.console.signin;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect sign-in against a stub identity provider on a real HTTP server (WireMock: discovery document, JWKS,
 * token endpoint) that also plays governance-service's {@code GET /api/me}. The test plays the person's browser,
 * including the identity provider's redirect back with a code: the console must use PKCE, check the ID token, and
 * then act with the login's access token, taking the roles from the services, never handing the token to the browser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcSignInTest {

    private static final WireMockServer IDP = new WireMockServer(options().dynamicPort());
    private static final RSAKey KEY = rsaKey("idp-key");
    private static final String CLIENT_ID = "release-console";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static {
        IDP.start();
        IDP.stubFor(get(urlEqualTo("/realm/.well-known/openid-configuration")).willReturn(okJson("""
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"],
                 "token_endpoint_auth_methods_supported":["client_secret_basic"],"scopes_supported":["openid"]}
                """.formatted(issuer()))));
        IDP.stubFor(get(urlEqualTo("/realm/jwks")).willReturn(okJson(new JWKSet(KEY.toPublicJWK()).toString())));
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void identityProviderAndApi(DynamicPropertyRegistry registry) {
        registry.add("console.oidc.issuer-uri", OidcSignInTest::issuer);
        registry.add("console.oidc.client-id", () -> CLIENT_ID);
        registry.add("console.oidc.client-secret", () -> "console-secret");
        registry.add("console.governance-url", IDP::baseUrl);
    }

    @AfterAll
    static void stopTheIdentityProvider() {
        IDP.stop();
    }

    @Test
    void aPersonSignedInByTheIdentityProviderActsWithItsAccessTokenAndTheServicesRoles() throws Exception {
        Browser browser = new Browser();
        assertThat(browser.get("/sign-in").body()).contains("Sign in with <span>" + issuer() + "</span>")
                .contains("href=\"/oauth2/authorization/oidc\"");
        String accessToken = "access-" + UUID.randomUUID();
        IDP.stubFor(get(urlEqualTo("/api/me")).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(okJson("{\"principal\":\"ada\",\"roles\":[\"CHAIR\"]}")));

        Map<String, String> authorization = browser.startLogin();
        String sessionBefore = browser.session;
        HttpResponse<String> callback = browser.returnFromIdentityProvider(authorization, accessToken,
                idToken(KEY, authorization.get("nonce")));

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(browser.absolute(callback)).isEqualTo(console() + "/");
        assertThat(browser.session).as("a new session id at sign-in").isNotEqualTo(sessionBefore);
        assertThat(browser.absolute(browser.get("/"))).as("a chair starts at the releases")
                .isEqualTo(console() + "/releases");
        HttpResponse<String> page = browser.get("/sign-in");
        assertThat(page.body()).contains("Signed in as").contains("ada").doesNotContain(accessToken);
        assertThat(page.headers().map().toString()).doesNotContain(accessToken);
        IDP.verify(getRequestedFor(urlEqualTo("/api/me")).withHeader("Authorization",
                equalTo("Bearer " + accessToken)));

        LoggedRequest tokenRequest = IDP.findAll(postRequestedFor(urlEqualTo("/realm/token"))
                .withRequestBody(containing("code=" + authorization.get("code")))).get(0);
        Map<String, String> form = form(tokenRequest.getBodyAsString());
        assertThat(authorization.get("code_challenge_method")).isEqualTo("S256");
        assertThat(s256(form.get("code_verifier"))).as("PKCE: the verifier matches the challenge")
                .isEqualTo(authorization.get("code_challenge"));
        assertThat(tokenRequest.getHeader("Authorization")).as("the console authenticates as its client")
                .startsWith("Basic ");
    }

    @Test
    void aLoginTheServicesDoNotAcceptSignsNobodyIn() throws Exception {
        Browser browser = new Browser();
        String accessToken = "unknown-to-the-services-" + UUID.randomUUID();
        IDP.stubFor(get(urlEqualTo("/api/me")).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}")));

        Map<String, String> authorization = browser.startLogin();
        HttpResponse<String> callback = browser.returnFromIdentityProvider(authorization, accessToken,
                idToken(KEY, authorization.get("nonce")));

        assertThat(browser.absolute(callback)).isEqualTo(console() + "/sign-in?oidc-refused");
        assertThat(browser.absolute(browser.get("/"))).isEqualTo(console() + "/sign-in");
    }

    @Test
    void anIdTokenNotSignedByTheIssuerSignsNobodyIn() throws Exception {
        Browser browser = new Browser();
        String accessToken = "access-" + UUID.randomUUID();
        IDP.stubFor(get(urlEqualTo("/api/me")).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(okJson("{\"principal\":\"mallory\",\"roles\":[\"CHAIR\"]}")));

        Map<String, String> authorization = browser.startLogin();
        HttpResponse<String> callback = browser.returnFromIdentityProvider(authorization, accessToken,
                idToken(rsaKey("idp-key"), authorization.get("nonce")));

        assertThat(browser.absolute(callback)).isEqualTo(console() + "/sign-in?oidc-failed");
        assertThat(browser.absolute(browser.get("/"))).isEqualTo(console() + "/sign-in");
        IDP.verify(0, getRequestedFor(urlPathEqualTo("/api/me")).withHeader("Authorization",
                equalTo("Bearer " + accessToken)));
    }

    @Test
    void aCallbackWithAnotherLoginsStateSignsNobodyIn() throws Exception {
        Browser browser = new Browser();
        Map<String, String> authorization = browser.startLogin();
        authorization.put("state", "not-the-state-we-sent");

        HttpResponse<String> callback = browser.returnFromIdentityProvider(authorization, "access-never-used",
                idToken(KEY, authorization.get("nonce")));

        assertThat(browser.absolute(callback)).isEqualTo(console() + "/sign-in?oidc-failed");
        assertThat(browser.absolute(browser.get("/"))).isEqualTo(console() + "/sign-in");
    }

    private String console() {
        return "http://localhost:" + port;
    }

    private static String issuer() {
        return IDP.baseUrl() + "/realm";
    }

    private static String idToken(RSAKey key, String nonce) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer()).subject("ada").audience(CLIENT_ID)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .claim("nonce", nonce).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    /** The person's browser: keeps the console's session cookie, and follows the identity provider's redirect. */
    private final class Browser {

        private String session;

        HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
            URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : console() + pathOrUrl);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/html");
            if (session != null) {
                request.header("Cookie", "RG_CONSOLE_SESSION=" + session);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").stream()
                    .filter(cookie -> cookie.startsWith("RG_CONSOLE_SESSION="))
                    .map(cookie -> cookie.substring("RG_CONSOLE_SESSION=".length()).split(";", 2)[0])
                    .findFirst()
                    .ifPresent(value -> session = value.isEmpty() ? null : value);
            return response;
        }

        String absolute(HttpResponse<String> response) {
            return URI.create(console() + "/").resolve(response.headers().firstValue("Location").orElseThrow())
                    .toString();
        }

        /** The "Sign in with" link: the console sends the browser to the identity provider's authorization page. */
        Map<String, String> startLogin() throws IOException, InterruptedException {
            HttpResponse<String> redirect = get("/oauth2/authorization/oidc");
            assertThat(redirect.statusCode()).isEqualTo(302);
            String location = absolute(redirect);
            assertThat(location).startsWith(issuer() + "/authorize?");
            Map<String, String> query = new HashMap<>(
                    UriComponentsBuilder.fromUriString(location).build().getQueryParams().toSingleValueMap());
            query.replaceAll((name, value) -> URLDecoder.decode(value, StandardCharsets.UTF_8));
            assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                    .containsKeys("state", "nonce", "code_challenge", "redirect_uri");
            query.put("code", "code-" + UUID.randomUUID());
            return query;
        }

        /** The identity provider signs the person in and sends the browser back with a code for these tokens. */
        HttpResponse<String> returnFromIdentityProvider(Map<String, String> authorization, String accessToken,
                                                        String idToken) throws IOException, InterruptedException {
            IDP.stubFor(post(urlEqualTo("/realm/token"))
                    .withRequestBody(containing("code=" + authorization.get("code")))
                    .willReturn(okJson("""
                            {"access_token":"%s","token_type":"Bearer","expires_in":300,"scope":"openid",
                             "id_token":"%s"}""".formatted(accessToken, idToken))));
            return get(authorization.get("redirect_uri") + "?code=" + authorization.get("code") + "&state="
                    + URLEncoder.encode(authorization.get("state"), StandardCharsets.UTF_8));
        }
    }
}
