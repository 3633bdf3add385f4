package org.releasegovernance.events;

/**
 * The Kafka topics the governance events are published to: part of the contract, so the publisher and every consumer
 * default to the same names. Deployments may rename them through each service's configuration.
 */
public final class Topics {

    /** Every governance event, keyed and partitioned by release id, so one release's events stay in order. */
    public static final String EVENTS = "release-governance.events";

    /**
     * The same events in publication order on one partition with unlimited retention: the audit log's source and
     * what a replay rebuilds it from.
     */
    public static final String AUDIT = "release-governance.audit";

    private Topics() {
    }
}
