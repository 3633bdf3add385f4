package org.releasegovernance.events;

/** A record on the topic that this contract cannot read: unknown type, missing attribute or malformed data. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
