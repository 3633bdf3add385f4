package org.releasegovernance.console.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.releasegovernance.console.ConsoleProperties;
import org.releasegovernance.console.signin.ConsoleUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The console's only way to the services: every call carries the signed-in person's token, and every refusal comes
 * back as an {@link ApiRefusal} holding the service's problem document. Answers are plain maps and lists, rendered
 * by the templates as they are, so the console shows what the API says and holds no second model of it.
 */
@Component
public class Apis {

    private static final Logger log = LoggerFactory.getLogger(Apis.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };

    private final Map<Backend, RestClient> clients = new EnumMap<>(Backend.class);
    private final ObjectMapper json;

    public Apis(ConsoleProperties properties, RestClient.Builder builder, ObjectMapper json) {
        this.json = json;
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.timeout());
        for (Backend backend : Backend.values()) {
            clients.put(backend, builder.clone()
                    .baseUrl(properties.url(backend).toString())
                    .requestFactory(requests)
                    .build());
        }
    }

    /** GET of a JSON object, e.g. {@code get(GOVERNANCE, "/api/releases/{id}", id)}. */
    public Map<String, Object> get(Backend backend, String path, Object... variables) {
        return read(backend, uri -> uri.path(path).build(variables), OBJECT);
    }

    /** GET of a JSON object with a query built by the caller (parameters are encoded by the builder). */
    public Map<String, Object> get(Backend backend, Function<UriBuilder, URI> uri) {
        return read(backend, uri, OBJECT);
    }

    /** GET of a JSON array. */
    public List<Map<String, Object>> list(Backend backend, Function<UriBuilder, URI> uri) {
        return read(backend, uri, LIST);
    }

    /** Copies a GET answer's body to {@code out} as it arrives (a download), returning its content type. */
    public MediaType stream(Backend backend, Function<UriBuilder, URI> uri, OutputStream out) {
        return call(backend, () -> request(backend, HttpMethod.GET, uri, null, Map.of())
                .exchange((request, response) -> {
                    if (response.getStatusCode().isError()) {
                        throw new ApiRefusal(problem(backend, response.getStatusCode().value(),
                                response.getHeaders(), response.getBody()));
                    }
                    try (InputStream body = response.getBody()) {
                        body.transferTo(out);
                    }
                    return response.getHeaders().getContentType();
                }));
    }

    /**
     * A write (POST, PATCH, DELETE) with an optional JSON body and extra headers such as {@code Idempotency-Key} or
     * {@code If-Match}.
     */
    public ApiAnswer write(Backend backend, HttpMethod method, Object body, Map<String, String> headers,
                           String path, Object... variables) {
        return call(backend, () -> request(backend, method, uri -> uri.path(path).build(variables), body, headers)
                .exchange((request, response) -> {
                    byte[] bytes = response.getBody().readAllBytes();
                    if (response.getStatusCode().isError()) {
                        throw new ApiRefusal(problem(backend, response.getStatusCode().value(),
                                response.getHeaders(), new java.io.ByteArrayInputStream(bytes)));
                    }
                    Map<String, Object> answer = bytes.length == 0 ? Map.of() : json.readValue(bytes, OBJECT);
                    return new ApiAnswer(response.getStatusCode().value(), answer, response.getHeaders());
                }));
    }

    /**
     * Who a token belongs to and its roles ({@code GET /api/me} of governance-service), for signing in; a token the
     * services do not know is refused with their 401 problem.
     */
    public Map<String, Object> caller(String token) {
        return call(Backend.GOVERNANCE, () -> clients.get(Backend.GOVERNANCE).get()
                .uri("/api/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange((request, response) -> {
                    if (response.getStatusCode().isError()) {
                        throw new ApiRefusal(problem(Backend.GOVERNANCE, response.getStatusCode().value(),
                                response.getHeaders(), response.getBody()));
                    }
                    return json.readValue(response.getBody(), OBJECT);
                }));
    }

    private <T> T read(Backend backend, Function<UriBuilder, URI> uri, TypeReference<T> type) {
        return call(backend, () -> request(backend, HttpMethod.GET, uri, null, Map.of())
                .exchange((request, response) -> {
                    if (response.getStatusCode().isError()) {
                        throw new ApiRefusal(problem(backend, response.getStatusCode().value(),
                                response.getHeaders(), response.getBody()));
                    }
                    return json.readValue(response.getBody(), type);
                }));
    }

    private RestClient.RequestBodySpec request(Backend backend, HttpMethod method, Function<UriBuilder, URI> uri,
                                               Object body, Map<String, String> headers) {
        RestClient.RequestBodySpec spec = clients.get(backend).method(method)
                .uri(uri)
                .headers(h -> {
                    h.setBearerAuth(ConsoleUser.current().token());
                    headers.forEach(h::set);
                });
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec;
    }

    private <T> T call(Backend backend, Call<T> call) {
        try {
            return call.run();
        } catch (ResourceAccessException | IOException e) {
            log.warn("{} did not answer: {}", backend, e.getMessage());
            throw new ApiRefusal(Problem.unavailable(backend, "The " + backend.name().toLowerCase()
                    + " service did not answer. Try again in a moment."));
        }
    }

    private Problem problem(Backend backend, int status, HttpHeaders headers, InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        MediaType type = headers.getContentType();
        if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                || type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            try {
                return json.readValue(bytes, Problem.class);
            } catch (IOException e) {
                log.warn("{} answered {} with a body that is not a problem document", backend, status);
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        return new Problem("about:blank", "HTTP " + status, status,
                text.length() > 300 ? text.substring(0, 300) + "…" : text, List.of(), List.of());
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }
}
