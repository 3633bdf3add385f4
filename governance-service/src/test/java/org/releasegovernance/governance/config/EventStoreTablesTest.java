package org.releasegovernance.governance.config;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC event store on the tables of the migrations: events get dense global indexes from the column's default,
 * and a second write of a (release, sequence number), as when two instances decide on one release at once, is told
 * apart from any other failure, so it is run again or refused as the API documents rather than answered with 500.
 * Shares its application context with the API tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class EventStoreTablesTest {

    @Autowired
    EventStorageEngine events;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSecondFirstEventOfAReleaseIsACreationConflictAndALaterOneAConcurrentChange() {
        String releaseId = "tables-" + UUID.randomUUID().toString().substring(0, 8);
        events.appendEvents(event(releaseId, 0), event(releaseId, 1));

        assertThatThrownBy(() -> events.appendEvents(event(releaseId, 0)))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThatThrownBy(() -> events.appendEvents(event(releaseId, 1)))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(jdbc.queryForList("select global_index from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", Long.class, releaseId))
                .hasSize(2).satisfies(indexes -> assertThat(indexes.get(1)).isEqualTo(indexes.get(0) + 1));
    }

    @Test
    void aReleaseLongerThanOneBatchIsReadWholeThoughALoadStopsAtTheFirstShortBatch() {
        for (int length : new int[] {EventStoreTables.BATCH_SIZE, EventStoreTables.BATCH_SIZE + 50}) {
            String releaseId = "long-" + UUID.randomUUID().toString().substring(0, 8);
            for (int sequence = 0; sequence < length; sequence++) {
                events.appendEvents(event(releaseId, sequence));
            }

            assertThat(events.readEvents(releaseId).asStream().map(message -> message.getSequenceNumber()))
                    .as("a release of %d events", length)
                    .containsExactlyElementsOf(LongStream.range(0, length).boxed().toList());
        }
    }

    private static GenericDomainEventMessage<ReleaseRegistered> event(String releaseId, long sequence) {
        return new GenericDomainEventMessage<>("Release", releaseId, sequence,
                new ReleaseRegistered(releaseId, "GPT-2", new Policy(1), "chair"));
    }
}
