package org.releasegovernance.governance.release;

import org.releasegovernance.problems.Refusal;

import java.util.Map;

/** A command broke a governance rule; nothing was stored. The problem document names the rule in {@code rule}. */
public class RuleViolation extends Refusal {

    private final Rule rule;

    public RuleViolation(Rule rule, String detail) {
        super(rule, detail, Map.of("rule", rule.name()));
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
