package org.releasegovernance.notifier.web;

/** A request conflicts with the state of the resource; answered with 409 naming the rule, nothing changed. */
public class RuleBroken extends RuntimeException {

    private final String rule;

    public RuleBroken(String rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
