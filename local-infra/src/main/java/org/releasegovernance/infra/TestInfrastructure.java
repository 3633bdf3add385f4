package org.releasegovernance.infra;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * One PostgreSQL and one Kafka per test JVM, started on first use and stopped when the JVM exits (never earlier:
 * cached Spring contexts keep using them). Use it in Spring tests as
 * {@code @ContextConfiguration(initializers = TestInfrastructure.class)}: it points the datasource and the Kafka
 * clients at the servers and turns on the demo tokens.
 */
public final class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static PostgresServer postgres;
    private static KafkaServer kafka;

    /** The shared PostgreSQL of this JVM. */
    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-test-postgres"));
        }
        return postgres;
    }

    /** The shared Kafka broker of this JVM. */
    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = KafkaServer.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-test-kafka"));
        }
        return kafka;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                "spring.datasource.url=" + postgres().jdbcUrl(),
                "spring.datasource.username=" + PostgresServer.USER,
                "spring.datasource.password=postgres",
                "spring.kafka.bootstrap-servers=" + kafka().bootstrapServers(),
                "governance.security.demo-tokens=true",
                "logging.level.kafka=WARN",
                "logging.level.org.apache.kafka=WARN",
                "logging.level.state.change.logger=WARN");
    }
}
