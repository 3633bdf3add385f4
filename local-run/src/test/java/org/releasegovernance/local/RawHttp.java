package org.releasegovernance.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a socket. java.net.http refuses to send much of what an attacker sends (a raw
 * {@code %2F} or {@code ..} in the path, a {@code Host} of its choosing, a bare CR in a header, two
 * {@code Content-Length}s, a body that does not match its length), so the corpus speaks HTTP itself. Every request
 * closes its connection, and the answer is read to the end of the stream.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;
    /** Bodies above this are written from a thread of their own, so an early answer is read while they are sent. */
    private static final int WRITE_IN_BACKGROUND = 1 << 20;

    private RawHttp() {
    }

    /**
     * A request exactly as it goes on the wire: the request target is sent as given (ISO-8859-1, so a {@code char}
     * above 0x7F is one raw byte), the headers in order, duplicates included.
     */
    record Request(String method, String target, List<Header> headers, byte[] body) {

        byte[] head() {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            headers.forEach(header -> head.append(header.name()).append(": ").append(header.value()).append("\r\n"));
            return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    record Header(String name, String value) {
    }

    /** The answer: header names in lower case, the body de-chunked. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends the request to the port on loopback and reads the whole answer; throws if none could be read. */
    static Response exchange(String host, int port, Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            byte[] body = request.body() == null ? new byte[0] : request.body();
            if (body.length > WRITE_IN_BACKGROUND) {
                Thread writer = new Thread(() -> writeQuietly(out, request.head(), body), "raw-http-writer");
                writer.setDaemon(true);
                writer.start();
            } else {
                writeQuietly(out, request.head(), body);
            }
            return parse(readToEnd(socket.getInputStream()));
        }
    }

    /** A server may answer and close before it has read a body it refuses; what it answered still counts. */
    private static void writeQuietly(OutputStream out, byte[] head, byte[] body) {
        try {
            out.write(head);
            for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                out.write(body, offset, Math.min(64 * 1024, body.length - offset));
            }
            out.flush();
        } catch (IOException closedEarly) {
            // the answer, if any, is read by the caller
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int read; (read = in.read(buffer)) != -1; ) {
                received.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // a reset after an answer that refused an unread body: keep what arrived
            if (received.size() == 0) {
                throw reset;
            }
        }
        return received.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("no complete HTTP answer (" + raw.length + " bytes received)");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + lines[0]);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && String.join(",", encoding).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length").get(0));
            body = Arrays.copyOf(body, Math.min(length, body.length));
        }
        return new Response(Integer.parseInt(statusLine[1]), headers, body);
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = 0;
        while (position < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, position);
            if (lineEnd < 0) {
                throw new IOException("a chunk size line without its end");
            }
            String sizeLine = new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            body.write(chunked, start, Math.min(size, chunked.length - start));
            position = start + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
