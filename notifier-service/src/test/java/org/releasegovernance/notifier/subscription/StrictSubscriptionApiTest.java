package org.releasegovernance.notifier.subscription;

import org.junit.jupiter.api.Test;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A subscription request means one thing or is refused with a problem document; nothing is stored or changed. */
class StrictSubscriptionApiTest extends NotifierServiceTest {

    private static final String PROBLEMS = "https://releasegovernance.org/problems/";
    private static final String WEBHOOK = """
            {"channel":"WEBHOOK","url":"https://hooks.example.org/strict","eventTypes":["StageReleased"]}""";

    @Test
    void theLocationIsAPathWhateverTheHostHeaderSays() throws Exception {
        send(post("/api/subscriptions").header("Host", "evil.example"), WEBHOOK)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/subscriptions/")))
                .andExpect(header().string("Location", not(containsString("evil.example"))));
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        refused(send(post("/api/subscriptions"), """
                {"channel":"MASTODON","url":"https://example.org","accessToken":"a","accessToken":"b"}"""),
                "malformed-request", 400);
    }

    @Test
    void aNullInAListIsRefusedNamingIt() throws Exception {
        String id = idOf(send(post("/api/subscriptions"), WEBHOOK));
        refused(send(patch("/api/subscriptions/{id}", id), "{\"eventTypes\":[null]}"), "invalid-request", 400)
                .andExpect(jsonPath("$.errors[0].field").value("eventTypes[0]"));
        refused(send(post("/api/subscriptions"), """
                {"channel":"WEBHOOK","url":"https://hooks.example.org/x","eventTypes":["StageReleased"],
                 "releaseIds":[null]}"""), "invalid-request", 400)
                .andExpect(jsonPath("$.errors[0].field").value("releaseIds[0]"));
        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(jsonPath("$.eventTypes[0]").value("StageReleased"));
    }

    @Test
    void aBodyBeyondTheCapIsA413() throws Exception {
        refused(send(post("/api/subscriptions"), "{\"channel\":\"WEBHOOK\",\"url\":\"https://e.org/"
                + "x".repeat(300_000) + "\"}"), "request-too-large", 413);
    }

    @Test
    void answersShowInstantsWithExactlyMilliseconds() throws Exception {
        String id = idOf(send(post("/api/subscriptions"), WEBHOOK));
        mvc.perform(get("/api/subscriptions/{id}", id).header("Authorization", ADMIN))
                .andExpect(jsonPath("$.createdAt").value(org.hamcrest.Matchers.matchesPattern(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z")));
    }

    @Test
    void anotherRolesCallerLearnsTheRoleNeeded() throws Exception {
        mvc.perform(post("/api/subscriptions").header("Authorization", "Bearer demo-auditor")
                        .contentType(MediaType.APPLICATION_JSON).content("{broken"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"))
                .andExpect(jsonPath("$.requiredRoles[0]").value("SUBSCRIBER_ADMIN"));
    }

    @Test
    void theErrorPageAskedForDirectlyIsA404Problem() throws Exception {
        refused(mvc.perform(get("/error")), "not-found", 404);
    }

    private ResultActions refused(ResultActions response, String slug, int status) throws Exception {
        return response.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + slug));
    }

    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private static String idOf(ResultActions created) throws Exception {
        return JSON.readTree(created.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString())
                .get("id").asText();
    }
}
