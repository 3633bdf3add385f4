package org.releasegovernance.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP/1.1 calls to the services with a bearer token, as the committee's clients would make them. A network error
 * is an answer with status -1 and the exception as its body, so callers decide whether to retry.
 */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public record Response(int status, String body) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    public Response post(String url, String token, String json) {
        return post(url, token, json, Map.of(), Duration.ofSeconds(60));
    }

    /** A POST with extra headers (such as {@code Idempotency-Key}) that gives up after {@code timeout}. */
    public Response post(String url, String token, String json, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(timeout);
        headers.forEach(request::header);
        return send(request, token);
    }

    /** @param token the bearer token, or {@code null} for a public path such as health */
    public Response get(String url, String token) {
        return get(url, token, Duration.ofSeconds(60));
    }

    /** A GET that may take long, such as verifying a whole log. */
    public Response get(String url, String token, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(timeout), token);
    }

    /** A GET whose body goes to a file (an export of a million entries does not fit in memory). */
    public Response download(String url, String token, java.nio.file.Path file, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET().timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<java.nio.file.Path> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            return new Response(response.statusCode(), file.toString());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }

    public Response delete(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE().timeout(Duration.ofSeconds(60)), token);
    }

    private Response send(HttpRequest.Builder request, String token) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }
}
