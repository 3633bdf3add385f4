package org.releasegovernance.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The auditors' record of every governance event: an append-only log fed from Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuditApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditApplication.class, args);
    }
}
