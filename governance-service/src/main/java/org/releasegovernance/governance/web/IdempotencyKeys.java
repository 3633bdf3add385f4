package org.releasegovernance.governance.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.governance.release.Rule;
import org.releasegovernance.security.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code Idempotency-Key} on writes. The first answer to a key (per authenticated actor) is stored with a hash of
 * the request (method, path, {@code If-Match}, body); a repeat with the same request gets that answer again and
 * changes nothing, the same key with another request is refused with 422. Also caps request bodies, so an oversized
 * body is a 400 before anything reads it. Runs after Spring Security, which names the actor.
 */
@Component
@Order(0)
class IdempotencyKeys extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final int MAX_KEY_LENGTH = 255;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    IdempotencyKeys(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !request.getRequestURI().startsWith("/api/")
                || !(method.equals("POST") || method.equals("DELETE") || method.equals("PUT"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            problem(response, HttpStatus.BAD_REQUEST, "request-too-large",
                    "The request body exceeds " + MAX_BODY_BYTES + " bytes.", null);
            return;
        }
        HttpServletRequest cached = new CachedBodyRequest(request, body);
        String key = request.getHeader(HEADER);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (key == null || authentication == null) {
            chain.doFilter(cached, response);
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-request",
                    "Header '" + HEADER + "' must be 1-" + MAX_KEY_LENGTH + " characters.", null);
            return;
        }
        String actor = authentication.getName();
        String hash = hash(request, body);
        List<Map<String, Object>> earlier = jdbc.queryForList("select request_hash, status, content_type, location, "
                + "etag, body from idempotent_request where actor = ? and idempotency_key = ?", actor, key);
        if (!earlier.isEmpty()) {
            replay(earlier.get(0), hash, response);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        chain.doFilter(cached, recorded);
        int status = recorded.getStatus();
        if (status < 500 && status != 401 && status != 403) {
            jdbc.update("insert into idempotent_request (actor, idempotency_key, method, path, request_hash, status, "
                            + "content_type, location, etag, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "on conflict (actor, idempotency_key) do nothing", actor, key, request.getMethod(),
                    request.getRequestURI(), hash, status, recorded.getContentType(),
                    recorded.getHeader(HttpHeaders.LOCATION), recorded.getHeader(HttpHeaders.ETAG),
                    recorded.getContentAsByteArray());
        }
        recorded.copyBodyToResponse();
    }

    private void replay(Map<String, Object> earlier, String hash, HttpServletResponse response) throws IOException {
        if (!hash.equals(earlier.get("request_hash"))) {
            log.info("refused: {} (key reused for another request)", Rule.IDEMPOTENCY_KEY_REUSED.slug());
            problem(response, HttpStatus.UNPROCESSABLE_ENTITY, Rule.IDEMPOTENCY_KEY_REUSED.slug(),
                    "This Idempotency-Key was already used for a different request; use a new key.",
                    Rule.IDEMPOTENCY_KEY_REUSED.name());
            return;
        }
        response.setStatus((Integer) earlier.get("status"));
        setIfPresent(response, HttpHeaders.CONTENT_TYPE, earlier.get("content_type"));
        setIfPresent(response, HttpHeaders.LOCATION, earlier.get("location"));
        setIfPresent(response, HttpHeaders.ETAG, earlier.get("etag"));
        response.setHeader(REPLAYED, "true");
        response.getOutputStream().write((byte[]) earlier.get("body"));
    }

    private void problem(HttpServletResponse response, HttpStatus status, String slug, String detail, String rule)
            throws IOException {
        ProblemDetail problem = Problems.problem(status, slug, detail);
        if (rule != null) {
            problem.setProperty("rule", rule);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static void setIfPresent(HttpServletResponse response, String header, Object value) {
        if (value != null) {
            response.setHeader(header, value.toString());
        }
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n"
                    + (ifMatch == null ? "" : ifMatch) + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The request with its body already read, so the controller can read it again. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        private CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
