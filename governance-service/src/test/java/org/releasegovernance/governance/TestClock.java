package org.releasegovernance.governance;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Instant;

/**
 * A clock tests can set, so the GPT-2 story plays on its real 2019 dates. Found by the application's component scan
 * in every test context (one shared context); it follows the system clock until a test sets it.
 */
@Configuration(proxyBeanMethods = false)
public class TestClock {

    private static volatile Instant fixed;

    /** From now on the decision API reads this instant. */
    public static void set(Instant instant) {
        fixed = instant;
    }

    /** Back to the system clock. */
    public static void reset() {
        fixed = null;
    }

    @Bean
    @Primary
    Clock settableClock() {
        return new SuppliedClock(() -> {
            Instant instant = fixed;
            return instant != null ? instant : Instant.now();
        });
    }
}
