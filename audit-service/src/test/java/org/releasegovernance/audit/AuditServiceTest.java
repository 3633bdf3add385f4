package org.releasegovernance.audit;

import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole service against the real PostgreSQL and Kafka of this test JVM. Every test class uses this one
 * configuration, so they share one Spring context (and one consumer).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        // set before logging starts, so they also quieten the broker that TestInfrastructure starts in this JVM
        "logging.level.kafka=WARN",
        "audit.signing.key-file=target/test-data/audit-signing.key", "logging.level.org.apache.kafka=WARN", "logging.level.state.change.logger=WARN"})
@AutoConfigureMockMvc
@AutoConfigureObservability
@ContextConfiguration(initializers = TestInfrastructure.class)
public @interface AuditServiceTest {
}
