package org.releasegovernance.notifier.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.PartnerAccessExpiring;
import org.releasegovernance.events.ReviewOverdue;
import org.springframework.mail.MailSendException;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EmailNotificationTest {

    private static final Instant DUE = Instant.parse("2019-08-20T12:00:00Z");

    @Test
    void theSubjectIsOneLineOfAtMost200Characters() {
        EmailNotification mail = EmailNotification.of(envelope(new ReviewOverdue("gpt-2", "345M", "review-1",
                "x".repeat(500) + "\r\n" + "y", DUE, Gpt2.CHAIR)), "https://governance.example.org/feed.atom");
        assertThat(mail.subject()).hasSize(200).startsWith("Review overdue: xxx").endsWith("…")
                .doesNotContain("\r", "\n");
    }

    @Test
    void everyEventValueIsEscapedInTheHtmlPart() {
        EmailNotification mail = EmailNotification.of(envelope(new PartnerAccessExpiring("gpt-2", "762M",
                "<b>Partner</b> & \"Co\"", "agreement-'7'", DUE, Gpt2.CHAIR)),
                "https://governance.example.org/feed.atom");
        assertThat(mail.subject()).isEqualTo("Partner access expiring 2019-08-20T12:00:00Z: <b>Partner</b> & \"Co\" "
                + "(gpt-2 762M)");
        assertThat(mail.html()).doesNotContain("<b>Partner").contains("&lt;b&gt;Partner&lt;/b&gt; &amp; &quot;Co&quot;",
                "agreement-&#39;7&#39;");
        assertThat(mail.text()).contains("partner: <b>Partner</b> & \"Co\"");
    }

    @Test
    void aMailServersPermanentRefusalIsFinalAndAnythingElseIsRetried() throws Exception {
        InternetAddress to = new InternetAddress("watchers@example.org");
        assertThat(EmailSender.refusedForGood(new MailSendException(Map.of(new Object(), new SendFailedException(
                "Invalid Addresses", new SMTPAddressFailedException(to, "RCPT TO", 550, "5.1.1 no such user"))))))
                .isTrue();
        assertThat(EmailSender.refusedForGood(new MailSendException("failed", new SMTPSendFailedException("DATA",
                554, "5.7.1 rejected as spam", null, null, null, null)))).isTrue();
        assertThat(EmailSender.refusedForGood(new MailSendException(Map.of(new Object(), new SendFailedException(
                "Invalid Addresses", new SMTPAddressFailedException(to, "RCPT TO", 450, "4.2.0 mailbox busy"))))))
                .isFalse();
        assertThat(EmailSender.refusedForGood(new MailSendException("Mail server connection failed",
                new MessagingException("Couldn't connect to host", new java.net.ConnectException("refused")))))
                .isFalse();
    }

    private static EventEnvelope envelope(org.releasegovernance.events.GovernanceEvent event) {
        return new EventEnvelope(UUID.randomUUID(), Instant.parse("2019-08-21T00:00:00Z"), 0, 1, "test", event);
    }
}
