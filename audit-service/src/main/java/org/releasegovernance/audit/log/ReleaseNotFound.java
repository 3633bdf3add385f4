package org.releasegovernance.audit.log;

import org.releasegovernance.security.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No event of the release is in the audit log. */
class ReleaseNotFound extends ErrorResponseException {

    static final String RULE = "release-not-found";

    ReleaseNotFound(String releaseId) {
        super(HttpStatus.NOT_FOUND,
                Problems.problem(HttpStatus.NOT_FOUND, RULE,
                        "No event of release '" + releaseId + "' is recorded in the audit log."),
                null);
    }
}
