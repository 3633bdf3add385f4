package org.releasegovernance.problems;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of an {@code invalid-request} problem's {@code errors} list.
 *
 * @param field  the dotted path of the field, parameter or header, e.g. {@code policy.quorum} or {@code refs.0}
 * @param rule   the rule it breaks in kebab case, where a client may act on it; else absent
 * @param detail what is wrong with it, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvalidValue(String field, String rule, String detail) {
}
