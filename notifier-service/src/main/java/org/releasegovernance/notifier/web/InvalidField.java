package org.releasegovernance.notifier.web;

/** A request field breaks a rule; answered with 400 and nothing stored. */
public class InvalidField extends RuntimeException {

    private final String field;
    private final String rule;

    public InvalidField(String field, String detail) {
        this(field, null, detail);
    }

    /** @param rule the rule the field breaks, in kebab case, where a client may act on it */
    public InvalidField(String field, String rule, String detail) {
        super(detail);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
