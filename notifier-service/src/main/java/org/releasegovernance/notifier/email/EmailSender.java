package org.releasegovernance.notifier.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Sends one notification to one stored subscription address through the configured SMTP server
 * ({@code spring.mail.*}): a multipart/alternative message, text and HTML, from {@code notifier.email.from}. The
 * recipient, sender and subject are the only headers set here; Message-ID and the rest are JavaMail's.
 */
@Component
public class EmailSender {

    private static final int PERMANENT_FAILURE = 500;

    private final ObjectProvider<JavaMailSender> mail;
    private final EmailProperties properties;

    EmailSender(ObjectProvider<JavaMailSender> mail, EmailProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    /** Whether an SMTP server is configured ({@code spring.mail.host}). */
    public boolean configured() {
        return mail.getIfAvailable() != null;
    }

    /**
     * Sends the message.
     *
     * @throws MailException       when it could not be handed to the SMTP server
     * @throws IllegalStateException when no SMTP server is configured
     */
    public void send(String address, EmailNotification notification) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("e-mail is not configured (spring.mail.host)");
        }
        MimeMessage message = sender.createMimeMessage();
        try {
            message.setFrom(new InternetAddress(properties.from(), true));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(EmailAddresses.toAscii(address),
                    true));
            message.setSubject(notification.subject(), StandardCharsets.UTF_8.name());
            // an automatic message: out-of-office and similar replies are not sent back to it (RFC 3834)
            message.setHeader("Auto-Submitted", "auto-generated");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(notification.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(notification.html(), StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", text, html));
        } catch (MessagingException e) {
            throw new IllegalStateException("the message cannot be written", e);
        }
        sender.send(message);
    }

    /**
     * Whether the SMTP server refused the message for good (a 5xx reply to the sender, the recipient or the data),
     * so that sending it again changes nothing; a connection that failed or a 4xx reply may pass.
     */
    public static boolean refusedForGood(Throwable failure) {
        Deque<Throwable> causes = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        causes.push(failure);
        while (!causes.isEmpty()) {
            Throwable cause = causes.pop();
            if (!seen.add(cause)) {
                continue;
            }
            if (cause instanceof SMTPSendFailedException sendFailed
                    && sendFailed.getReturnCode() >= PERMANENT_FAILURE) {
                return true;
            }
            if (cause instanceof SMTPAddressFailedException addressFailed
                    && addressFailed.getReturnCode() >= PERMANENT_FAILURE) {
                return true;
            }
            List<Throwable> next = new ArrayList<>();
            if (cause instanceof MailSendException sendException) {
                next.addAll(sendException.getFailedMessages().values());
            }
            if (cause instanceof MessagingException messaging) {
                next.add(messaging.getNextException());
            }
            next.add(cause.getCause());
            next.stream().filter(Objects::nonNull).forEach(causes::push);
        }
        return false;
    }
}
