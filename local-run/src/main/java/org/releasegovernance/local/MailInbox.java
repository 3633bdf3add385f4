package org.releasegovernance.local;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP server for trying e-mail subscriptions by hand in the local run (GreenMail, on loopback): it accepts every
 * message for every address and sends nothing on. GreenMail keeps the messages in memory only; each is also copied,
 * within a second, to {@code <n>.eml} in the data directory (the newest also as {@code last.eml}), so a person can
 * open it. Both are emptied on every start.
 */
final class MailInbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailInbox.class);

    private final GreenMail server;
    private final Path dir;
    private final ScheduledExecutorService copier = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mail-inbox-copier");
        thread.setDaemon(true);
        return thread;
    });
    private int copied;

    private MailInbox(GreenMail server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Starts the SMTP server, and the inbox directory emptied of an earlier run's messages. */
    static MailInbox start(int port, Path dir) {
        try {
            Inboxes.empty(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty the mail inbox " + dir, e);
        }
        GreenMail server = new GreenMail(new ServerSetup(port, LocalSettings.LOOPBACK, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        MailInbox inbox = new MailInbox(server, dir);
        inbox.copier.scheduleWithFixedDelay(inbox::copyNew, 1, 1, TimeUnit.SECONDS);
        return inbox;
    }

    int port() {
        return server.getSmtp().getPort();
    }

    Path dir() {
        return dir;
    }

    /** The notifier's settings that send its e-mail here. */
    List<String> notifierArguments() {
        return List.of("--spring.mail.host=" + LocalSettings.LOOPBACK, "--spring.mail.port=" + port());
    }

    private synchronized void copyNew() {
        MimeMessage[] received = server.getReceivedMessages();
        for (; copied < received.length; copied++) {
            Path file = dir.resolve((copied + 1) + ".eml");
            try (OutputStream out = Files.newOutputStream(file)) {
                received[copied].writeTo(out);
                Files.copy(file, dir.resolve("last.eml"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | MessagingException e) {
                log.warn("could not copy mail {} to {}: {}", copied + 1, file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        copier.shutdownNow();
        server.stop();
    }
}
