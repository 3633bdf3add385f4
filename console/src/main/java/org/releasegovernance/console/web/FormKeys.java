package org.releasegovernance.console.web;

import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * A fresh Idempotency-Key for each rendered form ({@code ${@formKeys.next()}} in a template). The console sends it
 * with the decision, so a double click or a resubmitted page is answered from the service's record instead of
 * deciding twice.
 */
@Component("formKeys")
public class FormKeys {

    public String next() {
        return UUID.randomUUID().toString();
    }
}
