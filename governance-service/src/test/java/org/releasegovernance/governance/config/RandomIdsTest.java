package org.releasegovernance.governance.config;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Event ids are random version 4 UUIDs, distinct across threads, and Axon uses this generator for them. */
class RandomIdsTest {

    @Test
    void axonTakesItsIdentifiersFromHere() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(RandomIds.class);
        UUID id = UUID.fromString(IdentifierFactory.getInstance().generateIdentifier());
        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void idsFromManyThreadsAreVersion4AndDistinct() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200_000).parallel().forEach(i -> ids.add(RandomIds.next()));

        assertThat(ids).hasSize(200_000);
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
        });
    }
}
