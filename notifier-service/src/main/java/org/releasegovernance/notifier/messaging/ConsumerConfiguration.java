package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * How the consumer fails: a record that does not deserialize is stored as unreadable and passed; any other failure
 * (the database is down, say) retries the same record with a capped exponential back-off and never skips it.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    private static final String CE_ID_HEADER = "ce_id";
    private static final String CE_TYPE_HEADER = "ce_type";

    @Bean
    CommonErrorHandler storeUnreadableOrRetry(EventsProperties properties, UnreadableRecords unreadableRecords) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        // Only the exceptions DefaultErrorHandler classifies as not retryable (a record that does not deserialize,
        // a value of the wrong type) reach the recoverer: the back-off never ends for any other. If storing the
        // unreadable record fails, the handler retries the record instead of passing it.
        return new DefaultErrorHandler((record, exception) -> unreadableRecords.store(record, reason(exception),
                header(record, CE_ID_HEADER), header(record, CE_TYPE_HEADER), data(record, exception)), backOff);
    }

    /** The raw bytes of a record that did not deserialize, else the data of the event it carries, if any. */
    private static byte[] data(ConsumerRecord<?, ?> record, Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeserializationException deserialization) {
                return deserialization.getData();
            }
        }
        if (record.value() instanceof CloudEvent cloudEvent && cloudEvent.getData() != null) {
            return cloudEvent.getData().toBytes();
        }
        return null;
    }

    private static String reason(Throwable exception) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && reason.indexOf(cause.getMessage()) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(cause.getMessage());
            }
        }
        return reason.isEmpty() ? exception.getClass().getName() : reason.toString();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
