package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.worker.tool.TenantToolFactory;
import com.agentplatform.worker.tool.TenantToolSource;
import com.agentplatform.worker.tool.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The beans as the worker's component and properties scans create them. */
class HttpToolWiringTest {

    @Configuration
    @EnableConfigurationProperties(HttpFetchSettings.class)
    @Import({SafeHttpClient.class, HttpGetTool.class, HttpToolCall.class, ToolRegistry.class})
    static class Wiring {

        @Bean
        TenantToolSource noTenantTools() {
            return TenantToolSource.NONE;
        }

        @Bean
        TenantToolFactory noFactory() {
            return definition -> new TenantToolFactory.Built(java.util.List.of(), java.util.List.of());
        }
    }

    @Test
    void offersHttpGetToAgentsAndBindsTheClientsSettings() {
        new ApplicationContextRunner()
                .withUserConfiguration(Wiring.class)
                .withPropertyValues("platform.worker.http.max-redirects=1", "platform.worker.http.allow-list=10.20.0.0/16")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SafeHttpClient.class).hasSingleBean(HttpToolCall.class);
                    assertThat(context.getBean(ToolRegistry.class).find("http_get")).isPresent();
                    assertThat(context.getBean(HttpFetchSettings.class).maxRedirects()).isEqualTo(1);
                });
    }

    @Test
    void refusesToStartWithAnAllowListEntryItCannotRead() {
        new ApplicationContextRunner()
                .withUserConfiguration(Wiring.class)
                .withPropertyValues("platform.worker.http.allow-list=10.0.0.0/99")
                .run(context -> assertThat(context).hasFailed());
    }
}
