package org.releasegovernance.audit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.releasegovernance.intake.EventsProperties;
import org.releasegovernance.intake.UnreadableRecords;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The shared pieces of reading the governance topic (event-intake), with the audit service's names. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class IntakeConfiguration {

    @Bean
    UnreadableRecords unreadableRecords(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters) {
        return new UnreadableRecords(jdbc, json, meters, "audit.records.unreadable");
    }
}
