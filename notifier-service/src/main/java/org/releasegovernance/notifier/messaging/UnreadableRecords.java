package org.releasegovernance.notifier.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The metric counting records no subscription can be matched against. */
final class UnreadableRecords {

    private UnreadableRecords() {
    }

    static Counter counter(MeterRegistry meters) {
        return Counter.builder("notifier.records.unreadable")
                .description("Records of the governance topic that are not readable governance events")
                .register(meters);
    }
}
