package org.releasegovernance.notifier;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;

/**
 * A real SMTP server (GreenMail) on a port of its own for as long as the JVM lives, like the webhook receiver: the
 * cached context sends to it. It can be stopped and started again on the same port, an SMTP outage, or stand in for
 * a server that refuses every recipient for good (GreenMail accepts them all).
 */
public final class TestSmtp {

    private final int port = freePort();
    private GreenMail server;

    TestSmtp() {
        start();
    }

    public int port() {
        return port;
    }

    /** Starts it, on the same port as before: once the connections that just ended on that port let go of it. */
    public synchronized void start() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(this::startedNow);
    }

    private boolean startedNow() {
        GreenMail candidate = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            candidate.start();
        } catch (IllegalStateException portStillHeld) {
            candidate.stop();
            return false;
        }
        server = candidate;
        return true;
    }

    public synchronized void stop() {
        server.stop();
    }

    /**
     * Until {@link #start()}: instead of GreenMail, a server on the same port that answers every {@code RCPT TO} with
     * {@code 550 5.1.1}, as a real server does for a mailbox that does not exist.
     */
    public synchronized RefusingSmtp refuseEveryRecipient() {
        server.stop();
        return new RefusingSmtp(port);
    }

    /** An SMTP conversation that ends at the recipient: 550 for each, then 503 for the message. */
    public static final class RefusingSmtp implements AutoCloseable {

        private final ServerSocket socket;
        private final Thread thread;

        RefusingSmtp(int port) {
            try {
                socket = new ServerSocket(port, 8, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            thread = new Thread(this::serve, "refusing-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                             StandardCharsets.US_ASCII));
                     Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
                    reply(out, "220 refusing.example ESMTP");
                    String line;
                    // read until the client hangs up: the side that closes first keeps the port in TIME_WAIT, and
                    // GreenMail must bind it again
                    while ((line = in.readLine()) != null) {
                        String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                        switch (command) {
                            case "RCPT" -> reply(out, "550 5.1.1 No such user here");
                            case "QUIT" -> reply(out, "221 Bye");
                            case "DATA" -> reply(out, "503 5.5.1 No valid recipients");
                            default -> reply(out, "250 OK");
                        }
                    }
                } catch (IOException closedOrGone) {
                    // the socket was closed by close(), or the client hung up: serve the next one, if any
                }
            }
        }

        private static void reply(Writer out, String line) throws IOException {
            out.write(line + "\r\n");
            out.flush();
        }

        /** Stops taking connections and waits for the one in progress to end. */
        @Override
        public void close() throws IOException {
            socket.close();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The messages received since it last started, for one recipient. */
    public synchronized List<MimeMessage> receivedBy(String recipient) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> isFor(message, recipient)).toList();
    }

    private static boolean isFor(MimeMessage message, String recipient) {
        try {
            Address[] to = message.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(address -> address.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
