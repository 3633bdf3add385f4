package org.releasegovernance.problems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal, from a controller to Tomcat itself, is a problem document with a stable type: over real HTTP. */
@SpringBootTest(classes = ProblemAnswersTest.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemAnswersTest {

    static final String PROBLEMS = ProblemType.TYPE_BASE;

    @SpringBootApplication
    @RestController
    static class ProbeApplication {

        record Note(@NotBlank String text, Instant at, Integer copies) {
        }

        @PostMapping("/api/notes")
        Note create(@Valid @RequestBody Note note) {
            return note;
        }

        @GetMapping("/api/notes/{id}")
        Map<String, Object> read(@PathVariable UUID id, @RequestParam(required = false) Instant asOf) {
            if (id.getMostSignificantBits() == 0) {
                throw Refusal.notFound("note-not-found", "No note " + id + ".");
            }
            return Map.of("id", id, "asOf", asOf != null ? asOf : Instant.parse("2019-02-14T10:00:00Z"));
        }

        @GetMapping("/api/failure")
        String failure() {
            throw new IllegalStateException("select secret from vault where id = 7");
        }

        @PostMapping("/api/notes/stored")
        Note store(@RequestBody Note note) {
            throw new IllegalStateException("could not store the note", new SQLTransientConnectionException(
                    "HikariPool-1 - Connection is not available, request timed out after 30000ms"));
        }

        /** A failure outside Spring MVC, as when a filter's transaction cannot roll back on a broken connection. */
        @Bean
        FilterRegistrationBean<Filter> failingFilter() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                String failure = ((HttpServletRequest) request).getHeader(FILTER_FAILURE);
                if ("database".equals(failure)) {
                    throw new IllegalStateException("Unable to rollback against JDBC Connection",
                            new SQLException("An I/O error occurred while sending to the backend.", "08006"));
                }
                if (failure != null) {
                    throw new IllegalStateException("select secret from vault where id = 7");
                }
                chain.doFilter(request, response);
            });
            registration.addUrlPatterns("/api/*");
            return registration;
        }
    }

    static final String FILTER_FAILURE = "X-Probe-Filter-Failure";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRefusalThrownByAControllerIsItsProblem() throws Exception {
        Answer answer = get("/api/notes/00000000-0000-0000-0000-000000000001");

        answer.isProblem(HttpStatus.NOT_FOUND, "note-not-found");
        assertThat(answer.body().get("title").asText()).isEqualTo("note-not-found");
        assertThat(answer.body().get("instance").asText()).isEqualTo("/api/notes/00000000-0000-0000-0000-000000000001");
    }

    @Test
    void answersWriteInstantsWithExactlyMilliseconds() throws Exception {
        Answer answer = get("/api/notes/10000000-0000-0000-0000-000000000001?asOf=2019-02-14T10:00:00Z");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("asOf").asText()).isEqualTo("2019-02-14T10:00:00.000Z");
    }

    @Test
    void anInstantParameterFinerThanAMillisecondIsRefusedNamingTheRule() throws Exception {
        Answer answer = get("/api/notes/10000000-0000-0000-0000-000000000001?asOf=2019-02-14T10:00:00.0000001Z");

        answer.isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(answer.body().at("/errors/0/field").asText()).isEqualTo("asOf");
        assertThat(answer.body().at("/errors/0/rule").asText()).isEqualTo(ApiInstants.PRECISION_RULE);
    }

    @Test
    void bodiesAreReadStrictly() throws Exception {
        post("/api/notes", "{\"text\":\"a\",\"text\":\"b\"}").isProblem(HttpStatus.BAD_REQUEST, "malformed-request");
        post("/api/notes", "{\"text\":\"a\"} {}").isProblem(HttpStatus.BAD_REQUEST, "malformed-request");
        Answer number = post("/api/notes", "{\"text\":123}");
        number.isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(number.body().at("/errors/0/field").asText()).isEqualTo("text");
        Answer epoch = post("/api/notes", "{\"text\":\"a\",\"at\":1550138400}");
        epoch.isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(epoch.body().at("/errors/0/rule").asText()).isEqualTo(ApiInstants.FORMAT_RULE);
        Answer farFuture = post("/api/notes", "{\"text\":\"a\",\"at\":\"+294277-01-01T00:00:00Z\"}");
        farFuture.isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(farFuture.body().at("/errors/0/rule").asText()).isEqualTo(ApiInstants.RANGE_RULE);
        Answer blank = post("/api/notes", "{\"text\":\" \"}");
        blank.isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(blank.body().at("/errors/0/field").asText()).isEqualTo("text");
        post("/api/notes", "{\"text\":\"a\",\"extra\":1}").isProblem(HttpStatus.BAD_REQUEST, "unknown-field");
        Answer huge = post("/api/notes", "{\"text\":\"a\",\"copies\":9223372036854775807}");
        huge.isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(huge.body().at("/errors/0/field").asText()).isEqualTo("copies");
        assertThat(huge.body().at("/errors/0/detail").asText()).contains("out of range");
    }

    @Test
    void aJsonBodyOrQueryThatIsNotUtf8IsMalformed() throws Exception {
        byte[] overlongSlash = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        Answer overlong = send(HttpRequest.newBuilder(uri("/api/notes")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(overlongSlash)));
        overlong.isProblem(HttpStatus.BAD_REQUEST, "malformed-request");
        get("/api/notes/" + UUID.randomUUID() + "?asOf=%FF").isProblem(HttpStatus.BAD_REQUEST, "malformed-request");
    }

    @Test
    void aBodyBeyondTheCapIsA413WhetherDeclaredOrChunked() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(BodySizeLimit.MAX_BODY_BYTES) + "\"}";
        post("/api/notes", big).isProblem(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large");

        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/api/notes"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        answer(chunked).isProblem(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large");
    }

    @Test
    void springMvcsOwnRefusalsGetTheTypeOfTheirStatus() throws Exception {
        get("/api/notes/not-a-uuid").isProblem(HttpStatus.BAD_REQUEST, "invalid-request");
        get("/api/nowhere").isProblem(HttpStatus.NOT_FOUND, "not-found");
        send(HttpRequest.newBuilder(uri("/api/notes")).DELETE())
                .isProblem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed");
        send(HttpRequest.newBuilder(uri("/api/notes")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")))
                .isProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
        send(HttpRequest.newBuilder(uri("/api/notes")).header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("--x--")))
                .isProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothing() throws Exception {
        Answer answer = get("/api/failure");

        answer.isProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error");
        assertThat(answer.raw()).doesNotContain("select").doesNotContain("IllegalState");
    }

    @Test
    void aFailureOutsideSpringMvcOfARequestWithABodyIsA500NotARefusalOfTheBody() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/notes")).header("Content-Type", "application/json")
                .header(FILTER_FAILURE, "other").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")));

        answer.isProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error");
        assertThat(answer.raw()).doesNotContain("select").doesNotContain("IllegalState");
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterInsideAndOutsideSpringMvc() throws Exception {
        HttpResponse<String> inController = http.send(HttpRequest.newBuilder(uri("/api/notes/stored"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> inFilter = http.send(HttpRequest.newBuilder(uri("/api/notes"))
                .header("Content-Type", "application/json").header(FILTER_FAILURE, "database")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(inController, inFilter)) {
            answer(response).isProblem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
            assertThat(response.headers().firstValue("Retry-After")).as(response.body()).hasValue("5");
            assertThat(response.body()).contains("same Idempotency-Key").doesNotContain("Hikari")
                    .doesNotContain("backend");
        }
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws Exception {
        get("/error").isProblem(HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void tomcatsOwnRefusalsAreProblemsNotHtml() throws Exception {
        raw("GET /api/a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .isProblem(HttpStatus.BAD_REQUEST, "request-rejected");
        raw("GET /api/a%5Cb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .isProblem(HttpStatus.BAD_REQUEST, "request-rejected");
        raw("GET /api/notes HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(30_000)
                + "\r\nConnection: close\r\n\r\n").isProblem(HttpStatus.BAD_REQUEST, "request-rejected");
    }

    @Test
    void aRefusedCorsPreflightIsAProblem() throws Exception {
        send(HttpRequest.newBuilder(uri("/api/notes")).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()))
                .isProblem(HttpStatus.FORBIDDEN, "forbidden");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Answer post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Answer answer(HttpResponse<String> response) throws IOException {
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), json.readTree(response.body()));
    }

    /** A request as bytes on the wire, for what no HTTP client sends. */
    private Answer raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String contentType = response.lines().filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .findFirst().map(line -> line.substring("content-type:".length()).trim()).orElse("");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new Answer(status, contentType, body, body.startsWith("{") ? json.readTree(body) : null);
        }
    }

    record Answer(int status, String contentType, String raw, JsonNode body) {

        void isProblem(HttpStatus expected, String slug) {
            assertThat(status).as(raw).isEqualTo(expected.value());
            assertThat(contentType).as(raw).startsWith("application/problem+json");
            assertThat(body).as(raw).isNotNull();
            assertThat(body.get("type").asText()).as(raw).isEqualTo(PROBLEMS + slug);
            assertThat(body.get("status").asInt()).as(raw).isEqualTo(expected.value());
        }
    }
}
