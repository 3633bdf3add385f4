package org.releasegovernance.notifier.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.releasegovernance.intake.EventsProperties;
import org.releasegovernance.intake.UnreadableRecords;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * How the consumer fails: any failure (the database is down, say) retries the same records with a capped
 * exponential back-off and never skips them. The listener stores records it cannot read itself; a record that still
 * fails in a way the handler classifies as not retryable is stored as unreadable and passed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class ConsumerConfiguration {

    @Bean
    UnreadableRecords unreadableRecords(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters) {
        return new UnreadableRecords(jdbc, json, meters, "notifier.records.unreadable");
    }

    @Bean
    CommonErrorHandler storeUnreadableOrRetry(EventsProperties properties, UnreadableRecords unreadableRecords) {
        // Only the exceptions DefaultErrorHandler classifies as not retryable (a record that does not deserialize,
        // a value of the wrong type) reach the recoverer: the back-off never ends for any other. If storing the
        // unreadable record fails, the handler retries the record instead of passing it.
        return new DefaultErrorHandler(unreadableRecords::store, properties.retry().backOff());
    }
}
