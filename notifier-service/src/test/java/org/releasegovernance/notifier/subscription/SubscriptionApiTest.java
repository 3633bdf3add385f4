package org.releasegovernance.notifier.subscription;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class SubscriptionApiTest extends NotifierServiceTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSecretIsShownOnceAndStoredEncrypted() throws Exception {
        String created = create("""
                {"channel":"WEBHOOK","url":"https://hooks.example.org/releases","eventTypes":["StageReleased"]}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secret").value(startsWith("whsec_")))
                .andExpect(jsonPath("$.releaseIds").isEmpty())
                .andReturn().getResponse().getContentAsString();
        String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String secret = created.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");

        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", "Bearer demo-subscriber-admin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/releases"))
                .andExpect(jsonPath("$.secret").doesNotExist());
        mvc.perform(get("/api/subscriptions").header("Authorization", "Bearer demo-subscriber-admin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '%s')]".formatted(id)).exists())
                .andExpect(jsonPath("$[*].secret").isEmpty());
        byte[] stored = jdbc.sql("select secret_ciphertext from subscription where id = ?::uuid").param(id)
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.substring("whsec_".length()));
    }

    @Test
    void badInputIsRefusedWithTheFieldNamedAndNothingStored() throws Exception {
        long before = count();
        create("{\"channel\":\"WEBHOOK\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("url"))
                .andExpect(jsonPath("$.detail").value(containsString("'url'")));
        create("{\"url\":\"https://example.org/x\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("channel"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"/relative/path\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"ftp://example.org/x\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"https://example.org/x\",\"eventTypes\":[\"StageLaunched\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("eventTypes"))
                .andExpect(jsonPath("$.detail").value(containsString("StageLaunched")));
        create("{\"channel\":\"CARRIER_PIGEON\",\"url\":\"https://example.org/x\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("channel"))
                .andExpect(jsonPath("$.detail").value(containsString("'channel' must be one of WEBHOOK")));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void urlsOfInternalAddressesAreRefusedUnlessAllowed() throws Exception {
        long before = count();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hook",
                "http://192.168.0.1/hook", "http://[fd00:ec2::254]/")) {
            create("{\"channel\":\"WEBHOOK\",\"url\":\"" + url + "\",\"eventTypes\":[\"StageReleased\"]}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("url"))
                    .andExpect(jsonPath("$.detail").value(containsString("address")));
        }
        create("{\"channel\":\"MASTODON\",\"url\":\"http://172.16.0.1\",\"accessToken\":\"t\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        assertThat(count()).isEqualTo(before);
    }

    /** Issue 10 (defect 5): destinations accepted before the allow-list. */
    @ParameterizedTest
    @ValueSource(strings = {"http://[::10.0.0.1]/", "http://[64:ff9b::10.0.0.1]/", "http://[2002:a00:1::]/",
            "http://192.0.2.1/hook", "http://[2001:db8::1]/hook", "https://hooks.example.org:0/hook",
            "https://hooks.example.org:65536/hook"})
    void destinationsOutsideThePublicInternetAreRefusedOnCreateWithNothingStored(String url) throws Exception {
        long before = count();
        create("{\"channel\":\"WEBHOOK\",\"url\":\"" + url + "\",\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("url"))
                .andExpect(jsonPath("$.errors[0].rule").value(url.contains("example.org") ? "port-in-range" : "public-address"))
                .andExpect(jsonPath("$.detail").value(containsString("'url'")));
        create("{\"channel\":\"MASTODON\",\"url\":\"" + url + "\",\"accessToken\":\"t\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        assertThat(count()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::10.0.0.1]/", "http://[64:ff9b::10.0.0.1]/", "http://[2002:a00:1::]/",
            "http://192.0.2.1/hook", "http://[2001:db8::1]/hook", "https://hooks.example.org:0/hook",
            "https://hooks.example.org:65536/hook"})
    void destinationsOutsideThePublicInternetAreRefusedOnChangeWithNothingChanged(String url) throws Exception {
        String webhook = idOf(create("""
                {"channel":"WEBHOOK","url":"https://hooks.example.org/kept","eventTypes":["StageReleased"]}"""));
        String mastodon = idOf(create("{\"channel\":\"MASTODON\",\"url\":\"https://example.org\","
                + "\"accessToken\":\"t\"}"));
        for (String id : List.of(webhook, mastodon)) {
            String stored = storedUrl(id);
            change(id, "{\"url\":\"" + url + "\",\"status\":\"PAUSED\"}")
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("url"))
                    .andExpect(jsonPath("$.detail").value(containsString("'url'")));
            assertThat(storedUrl(id)).isEqualTo(stored);
            assertThat(storedStatus(id)).isEqualTo("ACTIVE");
        }
    }

    /** Where the refusal says where the address lies: the registry block and its RFC, and the way out. */
    @Test
    void theRefusalNamesTheFieldTheRuleAndTheRegistryBlock() throws Exception {
        create("{\"channel\":\"WEBHOOK\",\"url\":\"http://[64:ff9b::169.254.169.254]/\","
                + "\"eventTypes\":[\"StageReleased\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"))
                .andExpect(jsonPath("$.errors[0].rule").value("public-address"))
                .andExpect(jsonPath("$.detail").value(containsString("64:ff9b::/96 (IPv4-IPv6 Translat. (NAT64), "
                        + "RFC 6052), carrying 169.254.169.254, in 169.254.0.0/16 (Link Local, RFC 3927)")))
                .andExpect(jsonPath("$.detail").value(containsString("notifier.outbound.allowed-hosts")));
    }

    @Test
    void aMastodonSubscriptionNeedsAnAccessTokenAndOnlyIt() throws Exception {
        create("{\"channel\":\"MASTODON\",\"url\":\"https://example.org\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("accessToken"));
        create("{\"channel\":\"WEBHOOK\",\"url\":\"https://example.org/h\",\"eventTypes\":[\"StageReleased\"],"
                + "\"accessToken\":\"t\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("accessToken"));
        String id = idOf(create("{\"channel\":\"MASTODON\",\"url\":\"https://example.org\",\"accessToken\":\"t\"}")
                .andExpect(status().isCreated()));
        mvc.perform(post("/api/subscriptions/{id}/secret", id).header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(
                        "https://releasegovernance.org/problems/secret-rotation-webhook-only"));
    }

    @Test
    void anOwnerListsChangesPausesResumesAndDeletesSubscriptions() throws Exception {
        String id = idOf(create("""
                {"channel":"WEBHOOK","url":"https://hooks.example.org/a","eventTypes":["StageReleased"]}""")
                .andExpect(status().isCreated()));
        mvc.perform(get("/api/subscriptions").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '%s')].status", id).value("ACTIVE"));

        change(id, "{\"status\":\"PAUSED\",\"eventTypes\":[\"StageReleased\",\"StageApproved\"],"
                + "\"releaseIds\":[\"gpt-2\"]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PAUSED"))
                .andExpect(jsonPath("$.eventTypes[1]").value("StageApproved"))
                .andExpect(jsonPath("$.releaseIds[0]").value("gpt-2"))
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/a"));
        change(id, "{\"status\":\"ACTIVE\",\"url\":\"https://hooks.example.org/b\"}")
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/b"));

        change(id, "{\"status\":\"DISABLED\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
        change(id, "{\"url\":\"http://10.0.0.9/x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        change(id, "{\"eventTypes\":[]}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("eventTypes"));
        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(jsonPath("$.url").value("https://hooks.example.org/b"))
                .andExpect(jsonPath("$.eventTypes.length()").value(2));

        mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/subscription-not-found"));
        mvc.perform(delete("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(status().isNotFound());
    }

    @Test
    void onlySubscriberAdministratorsManageSubscriptions() throws Exception {
        mvc.perform(post("/api/subscriptions").header("Authorization", "Bearer demo-chair")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\":\"WEBHOOK\",\"url\":\"https://e.org\",\"eventTypes\":[\"StageReleased\"]}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/deliveries").header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/subscriptions")).andExpect(status().isUnauthorized());
    }

    private ResultActions change(String id, String body) throws Exception {
        return mvc.perform(patch("/api/subscriptions/{id}", id).header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static String idOf(ResultActions created) throws Exception {
        return readTree(created.andReturn().getResponse().getContentAsString()).get("id").asText();
    }

    private ResultActions create(String body) throws Exception {
        return mvc.perform(post("/api/subscriptions").header("Authorization", "Bearer demo-subscriber-admin")
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String storedUrl(String id) {
        return jdbc.sql("select url from subscription where id = ?::uuid").param(id).query(String.class).single();
    }

    private String storedStatus(String id) {
        return jdbc.sql("select status from subscription where id = ?::uuid").param(id).query(String.class)
                .single();
    }

    private long count() {
        return jdbc.sql("select count(*) from subscription").query(Long.class).single();
    }
}
