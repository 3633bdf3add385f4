package org.releasegovernance.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of event types: each event class, its short name (used in subscription filters and the audit
 * API) and its versioned CloudEvents type ({@code org.releasegovernance.<Name>.v1}). The classes are the records
 * of the sealed {@link GovernanceEvent} hierarchy, so permitting a new record is all it takes to register it.
 */
public final class EventTypes {

    /** Prefix of every CloudEvents type this system emits. */
    public static final String TYPE_PREFIX = "org.releasegovernance.";

    // read from the sealed hierarchy, so a new event record is known to every consumer as soon as it is permitted
    private static final List<Class<? extends GovernanceEvent>> ALL = recordsPermittedBy(GovernanceEvent.class);

    private static final Map<String, Class<? extends GovernanceEvent>> BY_CLOUD_EVENT_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventTypes::cloudEventType, Function.identity()));

    private static final Map<String, Class<? extends GovernanceEvent>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventTypes() {
    }

    /**
     * The event records {@code type} permits, through its sealed sub-interfaces, in the order of the
     * {@code permits} clauses. Every event is a record: anything else in the hierarchy (a non-sealed interface, a
     * class) could have subtypes no one can list, so it stops the contract from loading.
     */
    @SuppressWarnings("unchecked")
    private static List<Class<? extends GovernanceEvent>> recordsPermittedBy(Class<?> type) {
        if (type.isRecord()) {
            return List.of((Class<? extends GovernanceEvent>) type);
        }
        if (!type.isSealed()) {
            throw new IllegalStateException(type.getName() + " is neither an event record nor sealed, so the event "
                    + "types it may stand for cannot be listed");
        }
        return Arrays.stream(type.getPermittedSubclasses())
                .flatMap(permitted -> recordsPermittedBy(permitted).stream())
                .toList();
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
