package org.releasegovernance.security;

/** The roles a principal can hold. Spring authorities carry them as {@code ROLE_<name>}. */
public final class Roles {

    public static final String CHAIR = "CHAIR";
    public static final String MEMBER = "MEMBER";
    public static final String EXPERT = "EXPERT";
    public static final String AUDITOR = "AUDITOR";
    public static final String SUBSCRIBER_ADMIN = "SUBSCRIBER_ADMIN";

    private Roles() {
    }
}
