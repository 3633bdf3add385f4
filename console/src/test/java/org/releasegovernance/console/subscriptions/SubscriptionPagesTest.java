package org.releasegovernance.console.subscriptions;

import org.junit.jupiter.api.Test;
import org.releasegovernance.console.api.ApiAnswer;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.releasegovernance.console.api.Backend;
import org.releasegovernance.console.api.Problem;
import org.releasegovernance.console.signin.ConsoleUser;
import org.releasegovernance.console.web.FormKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The subscription pages' requests and answers, with the notifier played by a mock of {@link Apis}. */
@WebMvcTest({SubscriptionsController.class, SubscriptionController.class})
@Import({FormKeys.class, SubscriberViews.class})
class SubscriptionPagesTest {

    private static final String ID = "5a2ec63b-ce94-4225-99c0-f479c911e43d";
    private static final String SECRET = "whsec_VK9qnZb2CSnzGQvOi7DcKHQ56jdT+GKhFnsO5AfOehA=";
    private static final ConsoleUser ADMIN = new ConsoleUser("subscriber-admin", Set.of("SUBSCRIBER_ADMIN"),
            "demo-subscriber-admin");

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private Apis apis;

    @Test
    void aNewWebhooksSecretIsShownOnceOnTheNextPage() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.POST), any(), any(), eq("/api/subscriptions")))
                .thenReturn(new ApiAnswer(201, Map.of("id", ID, "url", "https://hooks.example.org/r",
                        "secret", SECRET), new HttpHeaders()));
        givenTheSubscription("ACTIVE", 1);

        MvcResult created = mvc.perform(post("/subscriptions/webhook").with(authentication(ADMIN)).with(csrf())
                        .param("url", "https://hooks.example.org/r").param("eventTypes", "StageReleased")
                        .param("releaseIds", "").param("idempotencyKey", "key-1"))
                .andExpect(redirectedUrl("/subscriptions/" + ID))
                .andExpect(flash().attribute("secret", SECRET))
                .andReturn();
        verify(apis).write(Backend.NOTIFIER, HttpMethod.POST, Map.of("channel", "WEBHOOK",
                        "url", "https://hooks.example.org/r", "eventTypes", List.of("StageReleased"),
                        "releaseIds", List.of()), Map.of("Idempotency-Key", "key-1"), "/api/subscriptions");

        mvc.perform(get("/subscriptions/" + ID).with(authentication(ADMIN))
                        .flashAttrs(created.getFlashMap()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(SECRET)))
                .andExpect(content().string(containsString("it will not be\n        shown again")))
                .andExpect(content().string(containsString("data-copy=\"#secret\"")));
        mvc.perform(get("/subscriptions/" + ID).with(authentication(ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString(SECRET))));
    }

    @Test
    void aRefusedMastodonAccountIsShownAgainWithoutItsToken() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.POST), any(), any(), eq("/api/subscriptions")))
                .thenThrow(new ApiRefusal(new Problem("https://releasegovernance.org/problems/invalid-request",
                        "invalid-request", 400, "Field 'url' is refused: host 10.0.0.1 is private.",
                        List.of(new Problem.FieldError("url", "public-address", "private")), List.of())));
        when(apis.list(eq(Backend.NOTIFIER), any())).thenReturn(List.of());

        mvc.perform(post("/subscriptions/mastodon").with(authentication(ADMIN)).with(csrf())
                        .param("url", "http://10.0.0.1/").param("releaseIds", "gpt-2")
                        .param("accessToken", "typed-token-123").param("idempotencyKey", "key-2"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("host 10.0.0.1 is private")))
                .andExpect(content().string(containsString("value=\"http://10.0.0.1/\"")))
                .andExpect(content().string(containsString("enter it again")))
                .andExpect(content().string(not(containsString("typed-token-123"))))
                .andExpect(content().string(not(containsString("value=\"key-2\""))));
    }

    @Test
    void anEmailSubscriptionSendsItsAddressAndNoUrlAndHasNoSecret() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.POST), any(), any(), eq("/api/subscriptions")))
                .thenReturn(new ApiAnswer(201, Map.of("id", ID, "channel", "EMAIL",
                        "address", "watchers@example.org"), new HttpHeaders()));

        mvc.perform(post("/subscriptions/email").with(authentication(ADMIN)).with(csrf())
                        .param("address", "watchers@example.org")
                        .param("eventTypes", "ReviewReminder, ReviewOverdue, PartnerAccessExpiring")
                        .param("releaseIds", "gpt-2").param("idempotencyKey", "key-5"))
                .andExpect(redirectedUrl("/subscriptions/" + ID))
                .andExpect(flash().attribute("notice", "Email subscription for watchers@example.org created."))
                .andExpect(flash().attributeCount(1));
        verify(apis).write(Backend.NOTIFIER, HttpMethod.POST, Map.of("channel", "EMAIL",
                        "address", "watchers@example.org",
                        "eventTypes", List.of("ReviewReminder", "ReviewOverdue", "PartnerAccessExpiring"),
                        "releaseIds", List.of("gpt-2")), Map.of("Idempotency-Key", "key-5"), "/api/subscriptions");
    }

    @Test
    void aRefusedEmailSubscriptionShowsTheProblemBesideTheEmailFormWithTheInputKept() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.POST), any(), any(), eq("/api/subscriptions")))
                .thenThrow(new ApiRefusal(new Problem("https://releasegovernance.org/problems/invalid-request",
                        "invalid-request", 400, "Field 'address' is refused.",
                        List.of(new Problem.FieldError("address", "email", "is not an email address")),
                        List.of())));
        when(apis.list(eq(Backend.NOTIFIER), any())).thenReturn(List.of());

        String page = mvc.perform(post("/subscriptions/email").with(authentication(ADMIN)).with(csrf())
                        .param("address", "watchers-at-example").param("eventTypes", "ReviewOverdue")
                        .param("releaseIds", "").param("idempotencyKey", "key-6"))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();

        String emailSection = page.substring(page.indexOf("id=\"new-email\""), page.indexOf("id=\"new-mastodon\""));
        assertThat(emailSection).contains("Field &#39;address&#39; is refused.", "<code>address</code>",
                "is not an email address", "value=\"watchers-at-example\"", "value=\"ReviewOverdue\"");
        assertThat(page).doesNotContain("value=\"key-6\"");
    }

    @Test
    void anEmailSubscriptionRefusedForWantOfMailShowsTheRuleAndItsStatus() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.POST), any(), any(), eq("/api/subscriptions")))
                .thenThrow(new ApiRefusal(new Problem("https://releasegovernance.org/problems/email-not-configured",
                        "email-not-configured", 422, "This notifier has no mail server configured.", List.of(),
                        List.of())));
        when(apis.list(eq(Backend.NOTIFIER), any())).thenReturn(List.of());

        mvc.perform(post("/subscriptions/email").with(authentication(ADMIN)).with(csrf())
                        .param("address", "watchers@example.org").param("eventTypes", "ReviewOverdue")
                        .param("releaseIds", "").param("idempotencyKey", "key-7"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("<code class=\"rule\">email-not-configured</code>")))
                .andExpect(content().string(containsString("no mail server configured")));
    }

    @Test
    void theSubscriptionsPageOffersEmailAndTheCommitmentEventsAndListsAnAddress() throws Exception {
        Map<String, Object> email = new HashMap<>(Map.of("id", ID, "channel", "EMAIL",
                "address", "watchers@example.org", "eventTypes", List.of("ReviewOverdue"), "releaseIds", List.of(),
                "status", "ACTIVE", "createdBy", "subscriber-admin", "createdAt", "2026-11-29T19:43:02Z",
                "version", 1));
        email.put("url", null);
        when(apis.list(eq(Backend.NOTIFIER), any())).thenReturn(List.of(email));

        mvc.perform(get("/subscriptions").with(authentication(ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("<td>Email</td>"),
                        containsString(">watchers@example.org</a>"),
                        containsString("<label for=\"email-address\">Email address</label>"),
                        containsString("name=\"address\" type=\"email\""),
                        containsString("<code>ReviewReminder</code>"),
                        containsString("<code>ReviewOverdue</code>"),
                        containsString("<code>PartnerAccessExpiring</code>"),
                        containsString("<code>PartnerAccessExpired</code>"),
                        containsString("id=\"email-event-types-help\""),
                        containsString("id=\"webhook-event-types-help\""))));
    }

    @Test
    void anEmailSubscriptionsPageShowsItsAddressAndOffersNoSecretRotation() throws Exception {
        Map<String, Object> email = new HashMap<>(Map.of("id", ID, "channel", "EMAIL",
                "address", "watchers@example.org", "eventTypes", List.of("ReviewOverdue"), "releaseIds", List.of(),
                "status", "ACTIVE", "createdBy", "subscriber-admin", "createdAt", "2026-11-29T19:43:02Z",
                "version", 1));
        email.put("url", null);
        when(apis.get(Backend.NOTIFIER, "/api/subscriptions/{id}", java.util.UUID.fromString(ID))).thenReturn(email);
        when(apis.list(eq(Backend.NOTIFIER), any())).thenReturn(List.of());

        mvc.perform(get("/subscriptions/" + ID).with(authentication(ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("<h1>Email subscription</h1>"),
                        containsString("<dt>Address</dt>"),
                        containsString("id=\"subscription-url\">watchers@example.org</dd>"),
                        not(containsString("Rotate signing secret")))));
    }

    @Test
    void pausingSendsTheVersionSeenAsIfMatch() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.PATCH), any(), any(), anyString(), any()))
                .thenReturn(new ApiAnswer(200, Map.of(), new HttpHeaders()));

        mvc.perform(post("/subscriptions/" + ID + "/status").with(authentication(ADMIN)).with(csrf())
                        .param("status", "PAUSED").param("version", "3").param("idempotencyKey", "key-3"))
                .andExpect(redirectedUrl("/subscriptions/" + ID))
                .andExpect(flash().attribute("notice", containsString("paused")));
        verify(apis).write(eq(Backend.NOTIFIER), eq(HttpMethod.PATCH), eq(Map.of("status", "PAUSED")),
                eq(Map.of("Idempotency-Key", "key-3", "If-Match", "\"3\"")), eq("/api/subscriptions/{id}"),
                eq(java.util.UUID.fromString(ID)));
    }

    @Test
    void aChangeMadeMeanwhileIsRefusedNextToTheForm() throws Exception {
        when(apis.write(eq(Backend.NOTIFIER), eq(HttpMethod.DELETE), isNull(), any(), anyString(), any()))
                .thenThrow(new ApiRefusal(new Problem("https://releasegovernance.org/problems/version-mismatch",
                        "version-mismatch", 412, "Subscription is at version 4, not 3 (If-Match).", List.of(),
                        List.of())));
        givenTheSubscription("PAUSED", 4);

        mvc.perform(post("/subscriptions/" + ID + "/delete").with(authentication(ADMIN)).with(csrf())
                        .param("version", "3").param("idempotencyKey", "key-4"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().string(containsString("at version 4, not 3")))
                .andExpect(content().string(containsString("name=\"version\" value=\"4\"")));
    }

    private void givenTheSubscription(String status, int version) {
        when(apis.get(Backend.NOTIFIER, "/api/subscriptions/{id}", java.util.UUID.fromString(ID)))
                .thenReturn(Map.of("id", ID, "channel", "WEBHOOK", "url", "https://hooks.example.org/r",
                        "eventTypes", List.of("StageReleased"), "releaseIds", List.of(), "status", status,
                        "createdBy", "subscriber-admin", "createdAt", "2026-11-29T19:43:02Z", "version", version));
        when(apis.list(eq(Backend.NOTIFIER), any())).thenReturn(List.of());
    }
}
