package org.releasegovernance.notifier;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on a port of its own for as long as the JVM lives, like the webhook receiver: the
 * cached context sends to it. It can be stopped and started again on the same port, an SMTP outage.
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

    public synchronized void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
    }

    public synchronized void stop() {
        server.stop();
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
