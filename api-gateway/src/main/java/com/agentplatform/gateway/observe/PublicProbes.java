package com.agentplatform.gateway.observe;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Liveness and readiness on the public port, at the paths every service promises, while the rest of the actuator
 * (metrics above all) listens only on the management port. A probe should test the port clients use: a management
 * server can answer while the public one no longer accepts connections. Spring Boot serves the two health groups on
 * the public port as {@code /livez} and {@code /readyz} ({@code add-additional-paths}), but an additional path has one
 * segment only, so the promised paths forward there. When the management port is the public one, the actuator's own
 * mapping comes first and these are never reached.
 */
@Configuration(proxyBeanMethods = false)
class PublicProbes implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/actuator/health/liveness").setViewName("forward:/livez");
        registry.addViewController("/actuator/health/readiness").setViewName("forward:/readyz");
    }
}
