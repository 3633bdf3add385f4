package org.releasegovernance.governance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A UTC clock whose instant a test supplies, read anew on every call. */
public final class SuppliedClock extends Clock {

    private final Supplier<Instant> instant;

    public SuppliedClock(Supplier<Instant> instant) {
        this.instant = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return instant.get();
    }
}
