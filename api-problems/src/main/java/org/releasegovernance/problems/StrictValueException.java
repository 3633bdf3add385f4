package org.releasegovernance.problems;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/** A JSON value of the right type breaks a rule of this API; answered with 400 naming the field and the rule. */
public class StrictValueException extends JsonMappingException {

    private final String rule;

    public StrictValueException(JsonParser parser, String rule, String detail) {
        super(parser, detail);
        this.rule = rule;
    }

    /** The rule in kebab case, e.g. {@code instant-precision}. */
    public String rule() {
        return rule;
    }
}
