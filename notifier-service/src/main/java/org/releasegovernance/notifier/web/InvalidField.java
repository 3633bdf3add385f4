package org.releasegovernance.notifier.web;

/** A request field breaks a rule; answered with 400 and nothing stored. */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
