package org.releasegovernance.governance.release;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.governance.publishing.TopicReader;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The decision API against the real event store (PostgreSQL) and broker (Kafka). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class ReleaseApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theStagedReleaseStoryIsRecordedAndPublishedInOrder() throws Exception {
        String releaseId = uniqueReleaseId();
        registerAndApprove117M(releaseId);
        as("demo-chair", post("/api/releases/{id}/stages/117M/release", releaseId),
                "{\"note\":\"Weights and code published\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("RELEASED"));

        mvc.perform(get("/api/releases/{id}", releaseId).header("Authorization", "Bearer demo-auditor"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"5\""))
                .andExpect(jsonPath("$.model").value("GPT-2"))
                .andExpect(jsonPath("$.stages[0].status").value("RELEASED"))
                .andExpect(jsonPath("$.stages[0].proposedBy").value("member-1"))
                .andExpect(jsonPath("$.stages[0].votes[0].member").value("member-2"))
                .andExpect(jsonPath("$.stages[0].votes[0].vote").value("APPROVE"))
                .andExpect(jsonPath("$.stages[0].votes[1].member").value("member-3"));

        List<ConsumerRecord<String, CloudEvent>> records = TopicReader.awaitRecords(
                TestInfrastructure.kafka().bootstrapServers(), releaseId, 6, Duration.ofSeconds(60));
        assertThat(records).extracting(record -> record.value().getType()).containsExactly(
                "org.releasegovernance.ReleaseRegistered.v1", "org.releasegovernance.StageProposed.v1",
                "org.releasegovernance.VoteCast.v1", "org.releasegovernance.VoteCast.v1",
                "org.releasegovernance.StageApproved.v1", "org.releasegovernance.StageReleased.v1");
        assertThat(records).extracting(record -> record.value().getExtension("actor"))
                .containsExactly("chair", "member-1", "member-2", "member-3", "member-3", "chair");
        assertThat(records).extracting(record -> GovernanceCloudEvents.fromCloudEvent(record.value()).sequence())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(records).extracting(record -> record.value().getId())
                .containsExactlyElementsOf(storedEventIds(releaseId));
        assertThat(records.get(5).value().getSubject()).isEqualTo("117M");

        // the audit stream: the same events, in the same order, on a topic of one partition
        String bootstrap = TestInfrastructure.kafka().bootstrapServers();
        List<ConsumerRecord<String, CloudEvent>> audited = TopicReader.awaitRecords(bootstrap,
                TopicReader.AUDIT_TOPIC, releaseId, 6, Duration.ofSeconds(60));
        assertThat(audited).extracting(record -> record.value().getId())
                .containsExactlyElementsOf(storedEventIds(releaseId));
        assertThat(TopicReader.partitions(bootstrap, TopicReader.AUDIT_TOPIC)).isEqualTo(1);
        assertThat(TopicReader.partitions(bootstrap, TopicReader.TOPIC)).isEqualTo(3);
    }

    @Test
    void releasingAStageThatIsNotApprovedIsAConflictAndStoresNothing() throws Exception {
        String releaseId = uniqueReleaseId();
        register(releaseId);
        propose117M(releaseId);

        as("demo-chair", post("/api/releases/{id}/stages/117M/release", releaseId), "{\"note\":\"too early\"}")
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/stage-not-approved"))
                .andExpect(jsonPath("$.detail").value(containsString("only an approved stage can be released")));

        assertThat(storedEventIds(releaseId)).hasSize(2);
    }

    @Test
    void theProposerCannotVoteOnTheirOwnStage() throws Exception {
        String releaseId = uniqueReleaseId();
        register(releaseId);
        propose117M(releaseId);

        as("demo-member-1", post("/api/releases/{id}/stages/117M/votes", releaseId),
                "{\"vote\":\"APPROVE\",\"rationale\":\"mine\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type")
                        .value("https://releasegovernance.org/problems/self-vote-not-allowed"));
        assertThat(storedEventIds(releaseId)).hasSize(2);
    }

    @Test
    void aReleaseIdIsRegisteredOnlyOnce() throws Exception {
        String releaseId = uniqueReleaseId();
        register(releaseId);

        as("demo-chair", post("/api/releases"), registration(releaseId))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type")
                        .value("https://releasegovernance.org/problems/release-already-registered"));
        assertThat(storedEventIds(releaseId)).hasSize(1);
    }

    @Test
    void invalidInputIsRefusedWithTheFieldNamedAndNothingStored() throws Exception {
        String releaseId = uniqueReleaseId();
        as("demo-chair", post("/api/releases"),
                "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":0}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/invalid-request"))
                .andExpect(jsonPath("$.detail").value(containsString("'policy.quorum'")));
        as("demo-chair", post("/api/releases"),
                "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2},\"x\":1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Unknown field 'x'."));
        as("demo-chair", post("/api/releases"), "{not json")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/malformed-request"));
        assertThat(storedEventIds(releaseId)).isEmpty();

        register(releaseId);
        as("demo-member-1", post("/api/releases/{id}/stages", releaseId),
                "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"EVERYONE\",\"rationale\":\"r\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Field 'access' must be one of PARTNERS, PUBLIC."));
        assertThat(storedEventIds(releaseId)).hasSize(1);
    }

    @Test
    void rolesAreCheckedOnEveryDecision() throws Exception {
        String releaseId = uniqueReleaseId();
        as("demo-member-1", post("/api/releases"), registration(releaseId))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/releases").contentType(MediaType.APPLICATION_JSON).content(registration(releaseId)))
                .andExpect(status().isUnauthorized());
        register(releaseId);
        as("demo-expert", post("/api/releases/{id}/stages", releaseId), proposal117M())
                .andExpect(status().isForbidden());
        propose117M(releaseId);
        as("demo-auditor", post("/api/releases/{id}/stages/117M/votes", releaseId),
                "{\"vote\":\"APPROVE\",\"rationale\":\"r\"}")
                .andExpect(status().isForbidden());
        assertThat(storedEventIds(releaseId)).hasSize(2);
    }

    @Test
    void anUnknownReleaseIsNotFound() throws Exception {
        mvc.perform(get("/api/releases/{id}", "no-such-release").header("Authorization", "Bearer demo-chair"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/release-not-found"));
        as("demo-member-1", post("/api/releases/{id}/stages", "no-such-release"), proposal117M())
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://releasegovernance.org/problems/release-not-found"));
    }

    private void registerAndApprove117M(String releaseId) throws Exception {
        register(releaseId);
        propose117M(releaseId);
        as("demo-member-2", post("/api/releases/{id}/stages/117M/votes", releaseId),
                "{\"vote\":\"APPROVE\",\"rationale\":\"Low misuse risk\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("PROPOSED"));
        as("demo-member-3", post("/api/releases/{id}/stages/117M/votes", releaseId),
                "{\"vote\":\"APPROVE\",\"rationale\":\"Useful to researchers\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("APPROVED"));
    }

    private void register(String releaseId) throws Exception {
        as("demo-chair", post("/api/releases"), registration(releaseId))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/releases/" + releaseId))
                .andExpect(jsonPath("$.registeredBy").value("chair"));
    }

    private void propose117M(String releaseId) throws Exception {
        as("demo-member-1", post("/api/releases/{id}/stages", releaseId), proposal117M())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PROPOSED"));
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private List<String> storedEventIds(String releaseId) {
        return jdbc.queryForList("select event_identifier from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", String.class, releaseId);
    }

    private static String registration(String releaseId) {
        return "{\"releaseId\":\"" + releaseId + "\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2}}";
    }

    private static String proposal117M() {
        return "{\"stageId\":\"117M\",\"parameters\":117000000,\"access\":\"PUBLIC\","
                + "\"rationale\":\"Small model, low misuse potential\"}";
    }

    private static String uniqueReleaseId() {
        return "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
