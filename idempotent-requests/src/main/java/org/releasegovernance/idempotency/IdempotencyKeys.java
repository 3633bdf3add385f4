package org.releasegovernance.idempotency;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.problems.BufferedBody;
import org.releasegovernance.problems.ProblemType;
import org.releasegovernance.problems.ProblemWriter;
import org.releasegovernance.problems.Refusal;
import org.releasegovernance.problems.RefusedBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code Idempotency-Key} on writes. The first answer to a key (per authenticated actor) is stored with a hash of
 * the request (method, path, {@code If-Match}, body); a repeat with the same request gets that answer again and
 * changes nothing, the same key with another request is refused with 422. Runs after Spring Security, which names
 * the actor, and inside the shared body cap, which refuses a body beyond it with 413 while this filter reads it.
 *
 * <p>A request with a key runs in one transaction that this filter opens: it first takes a PostgreSQL advisory lock
 * on (actor, key) — held by another request, the answer is 409 {@code idempotency-key-in-progress} — then either
 * finds the stored answer or runs the request, whose command joins the transaction, and stores the answer before
 * the commit. What the request changed and its answer commit together or not at all, so a crash at any point leaves
 * either the first answer or nothing, and a retry gets the first answer or runs afresh. The answer is buffered and
 * written to the client only after the commit, so no lock is held while the client reads.
 *
 * <p>Only answers where the service acted or decided are kept: a success, or a refusal by the service's own rules
 * (409, 412, 422). A refusal of the request's form (400, 404, 413, 415 …) or a failure (5xx) is rolled back with
 * everything the request did, as if it had not been sent, so a corrected or later retry with the same key runs.
 */
public final class IdempotencyKeys extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    /** How often a keyed request whose failure a {@link RunAgainPolicy} calls worth it is run again, each afresh. */
    static final int ATTEMPTS = 10;
    /** The methods that change something; GET, HEAD and OPTIONS change nothing, so a key on them means nothing. */
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The refusals that are the service's decision on the request, and so its answer to the key. */
    private static final Set<Integer> DECIDED_REFUSALS = Set.of(409, 412, 422);
    static final int MAX_KEY_LENGTH = 255;
    /** A success without a body: not a controller's answer, so nothing is kept and the client retries. */
    private static final ProblemType NO_ANSWER = ProblemType.of(HttpStatus.INTERNAL_SERVER_ERROR, "no-answer");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final JdbcTemplate jdbc;
    private final ProblemWriter problems;
    private final PlatformTransactionManager transactions;
    private final RunAgainPolicy runAgain;
    private final AnswerSealing sealing;

    IdempotencyKeys(JdbcTemplate jdbc, ProblemWriter problems, PlatformTransactionManager transactions,
                    RunAgainPolicy runAgain, AnswerSealing sealing) {
        this.jdbc = jdbc;
        this.problems = problems;
        this.transactions = transactions;
        this.runAgain = runAgain;
        this.sealing = sealing;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || !WRITES.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RefusedBody refused) {
            problems.write(response, refused.refusal(), request.getRequestURI());
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
            problems.write(response, Refusal.invalid(HEADER, "Header '" + HEADER + "' must be 1-" + MAX_KEY_LENGTH
                    + " characters."), request.getRequestURI());
            return;
        }
        Keyed keyed = new Keyed(authentication.getName(), key, hash(request, body), cached, chain);
        for (int attempt = 1; ; attempt++) {
            try {
                inOneTransaction(keyed, response).writeTo(response);
                return;
            } catch (WorthRunningAgain again) {
                if (attempt == ATTEMPTS) {
                    throw again.failure;
                }
                log.info("{}; running the request again (attempt {})", again.failure.getMessage(), attempt + 1);
            }
        }
    }

    /**
     * Reserves the key, then replays or refuses it, or runs the request and stores its answer; commits only a new
     * answer. Returns what to send, which the caller writes after the transaction has ended.
     */
    private Answer inOneTransaction(Keyed keyed, HttpServletResponse response) throws ServletException, IOException {
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        boolean commit = false;
        try {
            if (!reserved(keyed)) {
                return inProgress();
            }
            List<Map<String, Object>> earlier = jdbc.queryForList("select request_hash, status, content_type, "
                    + "location, etag, body from idempotent_request where actor = ? and idempotency_key = ?",
                    keyed.actor(), keyed.key());
            if (!earlier.isEmpty()) {
                return replay(earlier.get(0), keyed.hash());
            }
            ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
            run(keyed, recorded);
            int status = recorded.getStatus();
            if (status < 300 && status != 204 && recorded.getContentSize() == 0) {
                return noAnswer(status);
            }
            if (status < 300 || DECIDED_REFUSALS.contains(status)) {
                store(keyed, recorded);
                commit = true;
            }
            return out -> recorded.copyBodyToResponse();
        } finally {
            if (commit) {
                transactions.commit(transaction);
            } else if (!transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
        }
    }

    /** Whether this request holds the key until its transaction ends; no waiting, a holder may take long. */
    private boolean reserved(Keyed keyed) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class,
                lockId(keyed.actor(), keyed.key())));
    }

    /** Runs the request; a failure the {@link RunAgainPolicy} calls worth it, whatever wraps it, runs it again. */
    private void run(Keyed keyed, HttpServletResponse recorded) throws ServletException, IOException {
        try {
            keyed.chain().doFilter(keyed.request(), recorded);
        } catch (ServletException | RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RuntimeException failure && runAgain.worthRunningAgain(failure)) {
                    throw new WorthRunningAgain(failure);
                }
            }
            throw e;
        }
    }

    private void store(Keyed keyed, ContentCachingResponseWrapper recorded) {
        HttpServletRequest request = keyed.request();
        jdbc.update("insert into idempotent_request (actor, idempotency_key, method, path, request_hash, status, "
                        + "content_type, location, etag, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                keyed.actor(), keyed.key(), request.getMethod(), request.getRequestURI(), keyed.hash(),
                recorded.getStatus(), recorded.getContentType(), recorded.getHeader(HttpHeaders.LOCATION),
                recorded.getHeader(HttpHeaders.ETAG), sealing.seal(recorded.getContentAsByteArray()));
    }

    /**
     * Every decision answers with a body (or says it has none: 204), so a success without one was not produced by a
     * controller: a request
     * that waited through a database outage once left the chain like that, without its decision, and storing it
     * would have told every retry that a decision that does not exist was taken. Nothing is kept; the client is
     * asked to retry with the same key.
     */
    private Answer noAnswer(int status) {
        log.error("a keyed request ended with status {} and no body; nothing kept, the client is asked to retry",
                status);
        return response -> {
            response.reset();
            problems.write(response, NO_ANSWER, "The request ended without an answer and nothing was kept; send it "
                    + "again with the same Idempotency-Key.", null);
        };
    }

    private Answer inProgress() {
        log.info("refused: {} (another request with this key is running)", KeyProblems.IN_PROGRESS.slug());
        return response -> {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problems.write(response, KeyProblems.IN_PROGRESS.refusal(
                    "A request with this Idempotency-Key is still being processed; retry it later for its answer."),
                    null);
        };
    }

    private Answer replay(Map<String, Object> earlier, String hash) {
        if (!hash.equals(earlier.get("request_hash"))) {
            log.info("refused: {} (key reused for another request)", KeyProblems.REUSED.slug());
            return response -> problems.write(response, KeyProblems.REUSED.refusal(
                    "This Idempotency-Key was already used for a different request; use a new key."), null);
        }
        return response -> {
            response.setStatus((Integer) earlier.get("status"));
            setIfPresent(response, HttpHeaders.CONTENT_TYPE, earlier.get("content_type"));
            setIfPresent(response, HttpHeaders.LOCATION, earlier.get("location"));
            setIfPresent(response, HttpHeaders.ETAG, earlier.get("etag"));
            response.setHeader(REPLAYED, "true");
            response.getOutputStream().write(sealing.open((byte[]) earlier.get("body")));
        };
    }

    private static void setIfPresent(HttpServletResponse response, String header, Object value) {
        if (value != null) {
            response.setHeader(header, value.toString());
        }
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
        return HexFormat.of().formatHex(sha256((request.getMethod() + " " + request.getRequestURI() + "?"
                + request.getQueryString() + "\n" + (ifMatch == null ? "" : ifMatch) + "\n")
                .getBytes(StandardCharsets.UTF_8), body));
    }

    /** The advisory lock of an (actor, key): 64 bits of a hash, so unrelated keys practically never share one. */
    private static long lockId(String actor, String key) {
        return ByteBuffer.wrap(sha256(("idempotency-key\n" + actor + "\n" + key).getBytes(StandardCharsets.UTF_8)))
                .getLong();
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** A request with a key: who sent it, the key, the hash of what was asked, and how to run it. */
    private record Keyed(String actor, String key, String hash, HttpServletRequest request, FilterChain chain) {
    }

    /** A failure that rolled the request back and is worth running it again for, afresh. */
    private static final class WorthRunningAgain extends RuntimeException {
        private final RuntimeException failure;

        private WorthRunningAgain(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** What to send once the transaction has ended. */
    @FunctionalInterface
    private interface Answer {
        void writeTo(HttpServletResponse response) throws IOException;
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
            return new BufferedBody(body);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
