package org.releasegovernance.governance.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * db-scheduler, which carries out the durable deadlines (scheduled releases, review reminders, grant expiries), finds
 * a deadline due by the application's clock rather than its own system clock: the instant a deadline handler reads
 * and the instant that made the deadline due are one clock's, and a test that sets the application clock moves both.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerClock {

    /** Replaces the starter's {@code dbSchedulerClock}, which it creates only when no other is there. */
    @Bean
    com.github.kagkarlsson.scheduler.Clock dbSchedulerClock(Clock clock) {
        return clock::instant;
    }
}
