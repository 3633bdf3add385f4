package org.releasegovernance.problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one cap on request bodies, the same in every service, and the one check that what arrives is text where text
 * is promised. A declared length beyond the cap is refused with 413 before anything else runs; a body without a
 * declared length (chunked) is cut off where it passes the cap, whoever reads it, with a {@link BodyTooLarge} that
 * becomes the same 413. A JSON body must be well-formed UTF-8 (Jackson reads an overlong {@code C0 AF} as {@code /}),
 * found when it is first read ({@link MalformedBody}, a 400), so authentication and authorization still come before
 * it. A query string must percent-decode to well-formed UTF-8 too: Tomcat would turn the rest into U+FFFD.
 */
public class BodySizeLimit extends OncePerRequestFilter {

    /** The largest request body any API accepts, 256 KiB: decisions and subscriptions are a few KiB at most. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final ProblemWriter problems;

    public BodySizeLimit(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            problems.write(response, new BodyTooLarge(MAX_BODY_BYTES).refusal(), request.getRequestURI());
            return;
        }
        if (!isUtf8Query(request.getQueryString())) {
            problems.write(response, new Refusal(CommonProblems.MALFORMED_REQUEST,
                    "The query string does not percent-decode to well-formed UTF-8."), request.getRequestURI());
            return;
        }
        chain.doFilter(new CappedRequest(request), response);
    }

    static boolean isUtf8Query(String query) {
        if (query == null || query.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%' && i + 2 < query.length() && HexFormat.isHexDigit(query.charAt(i + 1))
                    && HexFormat.isHexDigit(query.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(query, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return isUtf8(bytes.toByteArray());
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static final class CappedRequest extends HttpServletRequestWrapper {

        private ServletInputStream capped;

        private CappedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (capped == null) {
                capped = new CappedStream(super.getInputStream());
                if (isJson(getContentType())) {
                    byte[] body = capped.readAllBytes();
                    if (!isUtf8(body)) {
                        throw new MalformedBody("The request body is not well-formed UTF-8, which JSON must be.");
                    }
                    capped = new BufferedBody(body);
                }
            }
            return capped;
        }

        private static boolean isJson(String contentType) {
            if (contentType == null) {
                return false;
            }
            String type = contentType.toLowerCase(Locale.ROOT);
            return type.startsWith("application/json") || type.contains("+json");
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        private CappedStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int next = in.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new BodyTooLarge(MAX_BODY_BYTES);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
