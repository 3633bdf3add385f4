package org.releasegovernance.idempotency;

import org.releasegovernance.problems.ProblemWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code Idempotency-Key} on every write of a service's API ({@link IdempotencyKeys}). The service creates table
 * {@code idempotent_request} in its own migrations and may declare a {@link RunAgainPolicy} and an
 * {@link AnswerSealing}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class IdempotentRequestsAutoConfiguration {

    /**
     * Order 0: after Spring Security (-100), which names the actor a key belongs to, and after the body cap (first of
     * all), so an oversized body is refused while this filter reads it.
     */
    @Bean
    FilterRegistrationBean<IdempotencyKeys> idempotencyKeys(JdbcTemplate jdbc, ProblemWriter problems,
                                                            PlatformTransactionManager transactions,
                                                            ObjectProvider<RunAgainPolicy> runAgain,
                                                            ObjectProvider<AnswerSealing> sealing) {
        FilterRegistrationBean<IdempotencyKeys> registration = new FilterRegistrationBean<>(new IdempotencyKeys(jdbc,
                problems, transactions, runAgain.getIfUnique(() -> RunAgainPolicy.NEVER),
                sealing.getIfUnique(() -> AnswerSealing.PLAIN)));
        registration.setOrder(0);
        return registration;
    }
}
