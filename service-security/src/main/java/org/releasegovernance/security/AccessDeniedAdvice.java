package org.releasegovernance.security;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Lets Spring Security's refusals from a controller (method security) pass through Spring MVC to the security
 * filters, which answer 401 or 403 with their problem documents; the catch-all of the problem advice must not turn
 * them into a 500. Rethrowing the handled exception is Spring MVC's way to decline it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccessDeniedAdvice {

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void leaveToSecurityFilters(RuntimeException refusal) {
        throw refusal;
    }
}
