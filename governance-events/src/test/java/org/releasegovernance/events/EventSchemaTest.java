package org.releasegovernance.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemaTest {

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void everyEventTypeHasASchema() throws IOException {
        for (Class<? extends GovernanceEvent> type : EventTypes.all()) {
            try (InputStream schema = getClass().getResourceAsStream(GovernanceCloudEvents.schemaPath(type))) {
                assertThat(schema).as("schema of %s", type.getSimpleName()).isNotNull();
            }
        }
    }

    @Test
    void everyEventOfTheStoryMatchesItsSchema() throws IOException {
        for (GovernanceEvent event : Gpt2.stage117MStory()) {
            Set<ValidationMessage> errors = schemaOf(event.getClass()).validate(toJson(event));

            assertThat(errors).as("%s against its schema", event).isEmpty();
        }
    }

    @Test
    void everyEventOfTheWholeGpt2StoryMatchesItsSchema() throws IOException {
        for (GovernanceEvent event : Gpt2.wholeStory()) {
            Set<ValidationMessage> errors = schemaOf(event.getClass()).validate(toJson(event));

            assertThat(errors).as("%s against its schema", event).isEmpty();
        }
    }

    @Test
    void everyCommitmentKeptByTheClockMatchesItsSchema() throws IOException {
        for (GovernanceEvent event : Gpt2.commitmentsKept()) {
            Set<ValidationMessage> errors = schemaOf(event.getClass()).validate(toJson(event));

            assertThat(errors).as("%s against its schema", event).isEmpty();
        }
    }

    @Test
    void theWholeStoryAndItsCommitmentsUseEveryEventType() {
        List<GovernanceEvent> all = new ArrayList<>(Gpt2.wholeStory());
        all.addAll(Gpt2.commitmentsKept());
        assertThat(all).extracting(event -> (Object) event.getClass())
                .containsAll(EventTypes.all().stream()
                        .filter(type -> type != PolicyAmended.class && type != MemberRecused.class
                                && type != StageRejected.class && type != ScheduledReleaseCancelled.class
                                && type != PartnerAccessRevoked.class && type != StageWithdrawn.class)
                        .toList());
    }

    @Test
    void aV1EventWithoutTheNewPolicyFieldsReadsWithTheDefaults() throws IOException {
        ReleaseRegistered old = GovernanceJson.mapper().readValue(
                "{\"releaseId\":\"gpt-2\",\"model\":\"GPT-2\",\"policy\":{\"quorum\":2},\"actor\":\"chair\"}",
                ReleaseRegistered.class);

        assertThat(old).isEqualTo(Gpt2.registered());
        assertThat(old.policy()).isEqualTo(new Policy(2, 2, 2, java.util.List.of(), 0));
    }

    @Test
    void aScheduledReleaseSaysWhenItWasDueAndWhenItHappenedAndMatchesItsSchema() throws IOException {
        Instant due = Instant.parse("2019-02-14T12:00:00Z");
        StageReleased late = new StageReleased(Gpt2.RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC,
                "on schedule", Gpt2.CHAIR, due.plusSeconds(7200), due);
        JsonNode json = toJson(late);

        assertThat(schemaOf(StageReleased.class).validate(json)).isEmpty();
        assertThat(json.get("scheduledFor").asText()).isEqualTo("2019-02-14T12:00:00Z");
        assertThat(json.get("releasedAt").asText()).isEqualTo("2019-02-14T14:00:00Z");
        assertThat(GovernanceJson.mapper().treeToValue(json, StageReleased.class)).isEqualTo(late);
    }

    @Test
    void aStageReleasedWrittenBeforeScheduledForExistedReadsWithoutIt() throws IOException {
        String old = "{\"releaseId\":\"gpt-2\",\"stageId\":\"117M\",\"model\":\"GPT-2\",\"parameters\":117000000,"
                + "\"access\":\"PUBLIC\",\"note\":\"out\",\"actor\":\"chair\","
                + "\"releasedAt\":\"2019-02-14T12:00:00Z\"}";

        assertThat(schemaOf(StageReleased.class).validate(GovernanceJson.mapper().readTree(old))).isEmpty();
        StageReleased read = GovernanceJson.mapper().readValue(old, StageReleased.class);
        assertThat(read.scheduledFor()).isNull();
        assertThat(read.releasedAt()).isEqualTo(Instant.parse("2019-02-14T12:00:00Z"));
    }

    @Test
    void schemaRefusesAScheduledForThatIsNotATimestampString() throws IOException {
        ObjectNode released = (ObjectNode) toJson(Gpt2.stage117MReleased());
        released.put("scheduledFor", 1_550_145_600L);

        assertThat(schemaOf(StageReleased.class).validate(released))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("scheduledFor"));
    }

    @Test
    void schemaRefusesAnEventWithoutItsActor() throws IOException {
        ObjectNode withoutActor = (ObjectNode) toJson(Gpt2.approves(Gpt2.MEMBER_2, "117M"));
        withoutActor.remove("actor");

        assertThat(schemaOf(VoteCast.class).validate(withoutActor))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("actor"));
    }

    @Test
    void schemaRefusesAnUnknownAccessLevel() throws IOException {
        ObjectNode proposal = (ObjectNode) toJson(Gpt2.stage117MProposed());
        proposal.put("access", "EVERYONE");

        assertThat(schemaOf(StageProposed.class).validate(proposal))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("access"));
    }

    private JsonSchema schemaOf(Class<? extends GovernanceEvent> type) throws IOException {
        try (InputStream schema = getClass().getResourceAsStream(GovernanceCloudEvents.schemaPath(type))) {
            return factory.getSchema(schema);
        }
    }

    private static JsonNode toJson(GovernanceEvent event) {
        return GovernanceJson.mapper().valueToTree(event);
    }
}
