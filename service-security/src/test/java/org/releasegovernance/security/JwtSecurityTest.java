package org.releasegovernance.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Outside the local run callers present JWTs from the configured issuer. The test is the issuer: it generates a
 * key, serves its OpenID configuration and key set, and signs the tokens.
 */
@SpringBootTest(classes = BearerTokenSecurityTest.ProbeApplication.class, properties = {
        "governance.security.jwt.roles-claim=realm_access.roles",
        "governance.security.jwt.principal-claim=preferred_username"})
@AutoConfigureMockMvc
class JwtSecurityTest {

    private static final RSAKey ISSUER_KEY = generateKey();
    private static final RSAKey STRANGER_KEY = generateKey();
    private static final HttpServer ISSUER = startIssuer();

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("governance.security.jwt.issuer-uri", JwtSecurityTest::issuerUri);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.stop(0);
    }

    @Test
    void aTokenOfTheIssuerWithTheRoleIsAcceptedAndNamesTheActor() throws Exception {
        mvc.perform(get("/api/chair-only").header("Authorization", "Bearer " + token(ISSUER_KEY, issuerUri(),
                        List.of("CHAIR"), Instant.now().plusSeconds(300))))
                .andExpect(status().isOk())
                .andExpect(content().string("alice"));
    }

    @Test
    void aTokenWithoutTheRoleIsForbidden() throws Exception {
        mvc.perform(get("/api/chair-only").header("Authorization", "Bearer " + token(ISSUER_KEY, issuerUri(),
                        List.of("MEMBER"), Instant.now().plusSeconds(300))))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        mvc.perform(get("/api/chair-only").header("Authorization", "Bearer " + token(STRANGER_KEY, issuerUri(),
                        List.of("CHAIR"), Instant.now().plusSeconds(300))))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        mvc.perform(get("/api/chair-only").header("Authorization", "Bearer " + token(ISSUER_KEY,
                        "https://elsewhere.example", List.of("CHAIR"), Instant.now().plusSeconds(300))))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        mvc.perform(get("/api/chair-only").header("Authorization", "Bearer " + token(ISSUER_KEY, issuerUri(),
                        List.of("CHAIR"), Instant.now().minusSeconds(600))))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void demoTokensAreNotAcceptedOutsideTheLocalRun() throws Exception {
        mvc.perform(get("/api/chair-only").header("Authorization", "Bearer demo-chair"))
                .andExpect(status().isUnauthorized());
    }

    private static String token(RSAKey key, String issuer, List<String> roles, Instant expiresAt) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("user-42")
                .claim("preferred_username", "alice")
                .claim("realm_access", Map.of("roles", roles))
                .issueTime(Date.from(expiresAt.minusSeconds(600)))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String issuerUri() {
        return "http://127.0.0.1:" + ISSUER.getAddress().getPort();
    }

    private static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(java.util.UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer startIssuer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange,
                    "{\"issuer\":\"" + issuerUri(server) + "\",\"jwks_uri\":\"" + issuerUri(server) + "/jwks\","
                            + "\"subject_types_supported\":[\"public\"]}"));
            server.createContext("/jwks", exchange -> respond(exchange,
                    new JWKSet(ISSUER_KEY.toPublicJWK()).toString()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String issuerUri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
