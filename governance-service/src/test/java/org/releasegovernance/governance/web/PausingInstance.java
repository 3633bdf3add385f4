package org.releasegovernance.governance.web;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.releasegovernance.governance.GovernanceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.support.GenericApplicationContext;

import java.util.concurrent.CountDownLatch;

/**
 * The governance service as a process of its own, for a test to SIGKILL: a request with {@link #HEADER} runs its
 * command, then stops before its key's transaction commits, prints {@link #PAUSED} and waits for the kill.
 */
public final class PausingInstance {

    static final String HEADER = "X-Test-Pause-Before-Commit";
    static final String PAUSED = "paused-before-commit";

    private PausingInstance() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(GovernanceApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("pauseBeforeCommit",
                        FilterRegistrationBean.class, PausingInstance::pauseBeforeCommit))
                .run(args);
    }

    private static FilterRegistrationBean<Filter> pauseBeforeCommit() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            chain.doFilter(request, response);
            if (((HttpServletRequest) request).getHeader(HEADER) != null) {
                System.out.println(PAUSED);
                System.out.flush();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        // after IdempotencyKeys (order 0): inside the transaction that holds the key and the decision
        registration.setOrder(1);
        return registration;
    }
}
