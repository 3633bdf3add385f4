package org.releasegovernance.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of event types: each event class, its short name (used in subscription filters and the audit
 * API) and its versioned CloudEvents type ({@code org.releasegovernance.<Name>.v1}).
 */
public final class EventTypes {

    /** Prefix of every CloudEvents type this system emits. */
    public static final String TYPE_PREFIX = "org.releasegovernance.";

    private static final List<Class<? extends GovernanceEvent>> ALL = List.of(
            ReleaseRegistered.class,
            StageProposed.class,
            VoteCast.class,
            StageApproved.class,
            StageReleased.class,
            PolicyAmended.class,
            ExpertInputLogged.class,
            MemberRecused.class,
            StageRejected.class,
            ReleaseScheduled.class,
            ScheduledReleaseCancelled.class,
            PartnerAccessGranted.class,
            PartnerAccessRevoked.class,
            MisuseReported.class,
            StageHalted.class,
            ResumeVoteCast.class,
            StageResumed.class,
            StageWithdrawn.class,
            ReviewScheduled.class,
            ReviewPublished.class);

    private static final Map<String, Class<? extends GovernanceEvent>> BY_CLOUD_EVENT_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventTypes::cloudEventType, Function.identity()));

    private static final Map<String, Class<? extends GovernanceEvent>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventTypes() {
    }

    /** Every event class of the contract. */
    public static List<Class<? extends GovernanceEvent>> all() {
        return ALL;
    }

    /** The short name of an event type, e.g. {@code StageReleased}. */
    public static String name(Class<? extends GovernanceEvent> eventClass) {
        return eventClass.getSimpleName();
    }

    /** The CloudEvents type, e.g. {@code org.releasegovernance.StageReleased.v1}. */
    public static String cloudEventType(Class<? extends GovernanceEvent> eventClass) {
        return TYPE_PREFIX + eventClass.getSimpleName() + ".v1";
    }

    /** The event class for a CloudEvents type, if this contract knows it. */
    public static Optional<Class<? extends GovernanceEvent>> forCloudEventType(String type) {
        return Optional.ofNullable(BY_CLOUD_EVENT_TYPE.get(type));
    }

    /** The event class for a short name such as {@code StageReleased}, if this contract knows it. */
    public static Optional<Class<? extends GovernanceEvent>> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
