package org.releasegovernance.governance.release;

import org.junit.jupiter.api.Test;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every {@code Location} the decision API hands out is a path on this service that a GET answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class LocationsApiTest {

    @Autowired
    MockMvc mvc;

    @Test
    void everyLocationIsARelativePathThatAGetAnswersWithTheCurrentVersion() throws Exception {
        String id = "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
        String release = location(as("demo-chair", post("/api/releases"),
                "{\"releaseId\":\"" + id + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":1}}"));
        follow(release, "\"0\"").andExpect(jsonPath("$.releaseId").value(id));

        String stage = location(as("demo-member-1", post("/api/releases/{id}/stages", id),
                "{\"stageId\":\"345M\",\"parameters\":345000000,\"access\":\"PARTNERS\",\"rationale\":\"r\"}"));
        follow(stage, "\"1\"").andExpect(jsonPath("$.stageId").value("345M"))
                .andExpect(jsonPath("$.status").value("PROPOSED"));

        String input = location(as("demo-expert", post("/api/releases/{id}/stages/345M/expert-inputs", id),
                "{\"factor\":\"MISUSE_RISK\",\"risk\":\"LOW\",\"summary\":\"s\"}"));
        follow(input, "\"2\"").andExpect(jsonPath("$.expertInputs[0].factor").value("MISUSE_RISK"));

        as("demo-member-2", post("/api/releases/{id}/stages/345M/votes", id),
                "{\"vote\":\"APPROVE\",\"rationale\":\"r\"}").andExpect(status().isAccepted());
        String grant = location(as("demo-chair", post("/api/releases/{id}/stages/345M/partners", id),
                "{\"partner\":\"Lab A\",\"purpose\":\"DETECTION_RESEARCH\",\"agreementRef\":\"A-1\","
                        + "\"expiresAt\":\"2099-01-01T00:00:00Z\"}"));
        follow(grant, "\"5\"").andExpect(jsonPath("$.partner").value("Lab A"))
                .andExpect(jsonPath("$.grantedBy").value("chair"));

        String review = location(as("demo-chair", post("/api/releases/{id}/reviews", id),
                "{\"reviewId\":\"six-month\",\"title\":\"t\",\"stageId\":\"345M\","
                        + "\"dueAt\":\"2099-01-01T00:00:00Z\"}"));
        follow(review, "\"6\"").andExpect(jsonPath("$.reviewId").value("six-month"))
                .andExpect(jsonPath("$.publishedAt").doesNotExist());

        assertThat(List.of(release, stage, input, grant, review))
                .containsExactly("/api/releases/" + id, "/api/releases/" + id + "/stages/345M",
                        "/api/releases/" + id + "/stages/345M",
                        "/api/releases/" + id + "/stages/345M/partners/Lab%20A",
                        "/api/releases/" + id + "/reviews/six-month");
    }

    @Test
    void aLocationNeverCarriesTheHostTheClientSent() throws Exception {
        String id = "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
        as("demo-chair", post("/api/releases").header("Host", "evil.example")
                        .header("X-Forwarded-Host", "evil.example"),
                "{\"releaseId\":\"" + id + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":1}}")
                .andExpect(header().string("Location", "/api/releases/" + id));
        as("demo-member-1", post("/api/releases/{id}/stages", id).header("Host", "evil.example"),
                "{\"stageId\":\"3B\",\"parameters\":3000000000,\"access\":\"PUBLIC\",\"rationale\":\"r\"}")
                .andExpect(header().string("Location", "/api/releases/" + id + "/stages/3B"));
    }

    @Test
    void anUnknownStageReviewOrGrantIsNotFound() throws Exception {
        String id = "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
        as("demo-chair", post("/api/releases"),
                "{\"releaseId\":\"" + id + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":1}}")
                .andExpect(status().isCreated());
        as("demo-member-1", post("/api/releases/{id}/stages", id),
                "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"PUBLIC\",\"rationale\":\"r\"}")
                .andExpect(status().isCreated());
        read("/api/releases/" + id + "/stages/3B").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/stage-not-found"));
        read("/api/releases/" + id + "/reviews/none").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/review-not-found"));
        read("/api/releases/" + id + "/stages/117M/partners/Nobody").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/grant-not-found"));
    }

    private String location(ResultActions created) throws Exception {
        return created.andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
    }

    private ResultActions follow(String location, String etag) throws Exception {
        return read(location).andExpect(status().isOk()).andExpect(header().string("ETag", etag));
    }

    private ResultActions read(String path) throws Exception {
        return mvc.perform(get(URI.create(path)).header("Authorization", "Bearer demo-auditor"));
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
