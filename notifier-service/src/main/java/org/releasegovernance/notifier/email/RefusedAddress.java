package org.releasegovernance.notifier.email;

/** A recipient address breaks a rule, named in kebab case for clients that act on it. */
public class RefusedAddress extends RuntimeException {

    private final String rule;

    RefusedAddress(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
