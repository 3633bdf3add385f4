package org.releasegovernance.governance.release;

import java.time.Instant;

/**
 * What every decision takes from its request rather than its body, resolved once by
 * {@link DecisionContextResolver}: who decides (the authenticated principal), the version the decider last saw
 * ({@code If-Match}, {@code null} without one) and the instant the rules read (the application's clock).
 */
record DecisionContext(String actor, Long expectedVersion, Instant now) {
}
