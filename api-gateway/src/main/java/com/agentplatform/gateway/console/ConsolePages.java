package com.agentplatform.gateway.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console: static files under {@code /console/} (plain ES modules, no build step), public like the API docs.
 * It holds no data of its own and calls only the public API, with the key the person signed in with; its pages are
 * addressed by the URL's fragment ({@code /console/#/executions/<id>}), so the gateway serves one page for all.
 */
@Configuration
class ConsolePages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
