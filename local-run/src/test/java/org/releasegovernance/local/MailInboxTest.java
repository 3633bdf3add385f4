package org.releasegovernance.local;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MailInboxTest {

    @Test
    void aMessageSentToTheLocalSmtpServerIsKeptAsAnEmlFileAndTheNotifierIsPointedAtIt(@TempDir Path dir)
            throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("mail")).resolve("1.eml"), "an earlier run's");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MailInbox inbox = MailInbox.start(port, dir.resolve("mail"))) {
            assertThat(inbox.notifierArguments())
                    .containsExactly("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + port);
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", Integer.toString(port));
            MimeMessage message = new MimeMessage(Session.getInstance(properties));
            message.setFrom(new InternetAddress("release-governance@localhost"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("watchers@example.org"));
            message.setSubject("Review overdue: Six-month review (gpt-2 345M)");
            message.setText("due");
            Transport.send(message);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(dir.resolve("mail").resolve("last.eml")).exists());
            assertThat(Files.readString(dir.resolve("mail").resolve("1.eml")))
                    .contains("Subject: Review overdue: Six-month review (gpt-2 345M)", "To: watchers@example.org");
        }
    }
}
