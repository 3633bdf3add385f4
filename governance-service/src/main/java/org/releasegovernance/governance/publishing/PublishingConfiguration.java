package org.releasegovernance.governance.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics, the publisher's token store, and the error handling that makes the forwarder retry instead of
 * skipping.
 */
@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PublishingConfiguration.class);

    /** Partitioned by release (key = release id keeps one release's order), unlimited retention. */
    @Bean
    NewTopic governanceEventsTopic(PublishingProperties properties) {
        return TopicBuilder.name(properties.topic())
                .partitions(properties.partitions())
                .replicas(1)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }

    /**
     * The audit stream: one partition, so every read sees the events in the order they were published (the audit
     * log's order must be the same on every replay), and unlimited retention: auditors replay the whole history.
     */
    @Bean
    NewTopic governanceAuditTopic(PublishingProperties properties) {
        return TopicBuilder.name(properties.auditTopic())
                .partitions(1)
                .replicas(1)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }

    /**
     * Axon's JDBC token store on the {@code token_entry} table, with this instance's own node id: the publisher's one
     * segment is claimed by one instance at a time under it, extended while it runs, released on a graceful stop, and
     * taken by another instance (trying every {@code token-claim-interval}) once the claim is older than
     * {@code axon.eventhandling.tokenstore.claim-timeout}.
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, ConnectionProvider connections, TokenSchema schema,
                          TokenStoreProperties tokens, PublishingProperties properties) {
        log.info("the Kafka publisher claims its token as node {} (claim timeout {})", properties.instanceId(),
                tokens.getClaimTimeout());
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(schema)
                .claimTimeout(tokens.getClaimTimeout())
                .nodeId(properties.instanceId())
                .build();
    }

    /**
     * Axon's default handler logs a failed event and moves on; propagating the error puts the processor into
     * retry (with back-off) on the same event instead.
     */
    @Bean
    ConfigurerModule publisherRetriesFailedSends() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(KafkaEventForwarder.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
