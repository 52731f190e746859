package com.agentplatform.gateway.observe;

import com.agentplatform.common.metrics.BoundedLabels;
import com.agentplatform.gateway.GatewaySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    @Bean
    BoundedLabels tenantLabels(GatewaySettings settings) {
        return new BoundedLabels(settings.metrics().tenantLabels());
    }
}
