package com.agentplatform.worker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class KafkaConfig {

    /**
     * Poison records never throw (they are dead-lettered in the listener), so whatever throws is the platform's
     * own trouble, such as PostgreSQL being down: retry the same record with backoff, never skip it.
     */
    @Bean
    CommonErrorHandler requestErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }

    /** When in-flight work is at its bound, pause after the current record, keeping the rest for later. */
    @Bean
    ContainerCustomizer<String, String, ConcurrentMessageListenerContainer<String, String>> pauseImmediately() {
        return container -> container.getContainerProperties().setPauseImmediate(true);
    }
}
