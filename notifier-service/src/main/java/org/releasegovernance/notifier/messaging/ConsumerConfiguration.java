package org.releasegovernance.notifier.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the consumer fails: any failure (the database is down, say) retries the same records with a capped
 * exponential back-off and never skips them. The listener stores records it cannot read itself; a record that still
 * fails in a way the handler classifies as not retryable is stored as unreadable and passed.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean
    CommonErrorHandler storeUnreadableOrRetry(EventsProperties properties, UnreadableRecords unreadableRecords) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        // Only the exceptions DefaultErrorHandler classifies as not retryable (a record that does not deserialize,
        // a value of the wrong type) reach the recoverer: the back-off never ends for any other. If storing the
        // unreadable record fails, the handler retries the record instead of passing it.
        return new DefaultErrorHandler(unreadableRecords::store, backOff);
    }
}
