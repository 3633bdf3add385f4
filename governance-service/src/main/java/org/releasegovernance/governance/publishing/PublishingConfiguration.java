package org.releasegovernance.governance.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics, and the error handling that makes the forwarder retry instead of skipping. */
@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

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
