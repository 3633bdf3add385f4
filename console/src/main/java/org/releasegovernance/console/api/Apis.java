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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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

    /** Each service's instances, in the order configured; {@link #preferred} says which answered last. */
    private final Map<Backend, List<RestClient>> clients = new EnumMap<>(Backend.class);
    private final Map<Backend, AtomicInteger> preferred = new EnumMap<>(Backend.class);
    private final ObjectMapper json;

    public Apis(ConsoleProperties properties, RestClient.Builder builder, ObjectMapper json) {
        this.json = json;
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.timeout());
        for (Backend backend : Backend.values()) {
            clients.put(backend, properties.urls(backend).stream()
                    .map(url -> builder.clone().baseUrl(url.toString()).requestFactory(requests).build())
                    .toList());
            preferred.put(backend, new AtomicInteger());
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
        // another instance only while nothing was copied: a download is never sent twice over
        AtomicBoolean copying = new AtomicBoolean();
        return call(backend, () -> !copying.get(), client -> request(client, HttpMethod.GET, uri, null, Map.of())
                .exchange((request, response) -> {
                    if (response.getStatusCode().isError()) {
                        throw new ApiRefusal(problem(backend, response.getStatusCode().value(),
                                response.getHeaders(), response.getBody()));
                    }
                    copying.set(true);
                    try (InputStream body = response.getBody()) {
                        body.transferTo(out);
                    }
                    return response.getHeaders().getContentType();
                }));
    }

    /**
     * A write (POST, PATCH, DELETE) with an optional JSON body and extra headers such as {@code Idempotency-Key} or
     * {@code If-Match}. Only a write with an Idempotency-Key goes to another instance when one does not answer: the
     * key makes the second attempt replay the first one's answer if the first was carried out after all.
     */
    public ApiAnswer write(Backend backend, HttpMethod method, Object body, Map<String, String> headers,
                           String path, Object... variables) {
        boolean keyed = headers.keySet().stream().anyMatch("Idempotency-Key"::equalsIgnoreCase);
        return call(backend, () -> keyed, client -> request(client, method, uri -> uri.path(path).build(variables), body,
                headers)
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
        return call(Backend.GOVERNANCE, () -> true, client -> client.get()
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
        return call(backend, () -> true, client -> request(client, HttpMethod.GET, uri, null, Map.of())
                .exchange((request, response) -> {
                    if (response.getStatusCode().isError()) {
                        throw new ApiRefusal(problem(backend, response.getStatusCode().value(),
                                response.getHeaders(), response.getBody()));
                    }
                    return json.readValue(response.getBody(), type);
                }));
    }

    private RestClient.RequestBodySpec request(RestClient client, HttpMethod method, Function<UriBuilder, URI> uri,
                                               Object body, Map<String, String> headers) {
        RestClient.RequestBodySpec spec = client.method(method)
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

    /**
     * Runs a call at the instance that answered last; when it does not answer and {@code mayFailOver} still allows,
     * at the next one, until one answers or every instance was tried. A refusal (4xx, 5xx) is an answer: it is not
     * tried elsewhere.
     */
    private <T> T call(Backend backend, BooleanSupplier mayFailOver, Call<T> call) {
        List<RestClient> instances = clients.get(backend);
        AtomicInteger first = preferred.get(backend);
        int start = first.get();
        for (int attempt = 0; attempt < instances.size(); attempt++) {
            int instance = (start + attempt) % instances.size();
            try {
                T answer = call.run(instances.get(instance));
                first.set(instance);
                return answer;
            } catch (ResourceAccessException | IOException e) {
                log.warn("{} instance {} of {} did not answer: {}", backend, instance + 1, instances.size(),
                        e.getMessage());
                if (!mayFailOver.getAsBoolean()) {
                    break;
                }
            }
        }
        throw new ApiRefusal(Problem.unavailable(backend, "The " + backend.name().toLowerCase()
                + " service did not answer. Try again in a moment."));
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
        T run(RestClient instance) throws IOException;
    }
}
