package org.releasegovernance.notifier.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * A record that does not deserialize is counted, logged and passed (it cannot match a subscription); any other
 * failure, such as the database being down, retries the same record with a capped exponential back-off, forever.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsumerConfiguration.class);

    @Bean
    CommonErrorHandler retryOrPassUnreadable(MeterRegistry meters) {
        ExponentialBackOff backOff = new ExponentialBackOff(Duration.ofMillis(500).toMillis(), 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(30).toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        Counter unreadable = UnreadableRecords.counter(meters);
        return new DefaultErrorHandler((record, exception) -> {
            unreadable.increment();
            log.warn("skipped undeserializable record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), exception.getMessage());
        }, backOff);
    }
}
