package org.releasegovernance.audit.web;

import org.releasegovernance.security.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request that breaks a named rule: 400 with the rule's problem type; nothing is changed. */
public class BadRequest extends ErrorResponseException {

    public BadRequest(String rule, String detail) {
        super(HttpStatus.BAD_REQUEST, Problems.problem(HttpStatus.BAD_REQUEST, rule, detail), null);
    }
}
