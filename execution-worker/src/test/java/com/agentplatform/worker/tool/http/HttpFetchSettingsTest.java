package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class HttpFetchSettingsTest {

    @Test
    void bindsTheDefaultsWhenNothingIsConfigured() {
        assertThat(bind(Map.of())).isEqualTo(HttpFetchSettings.defaults());
    }

    @Test
    void bindsAnOperatorsLimitsAndAllowList() {
        HttpFetchSettings settings = bind(Map.of(
                "platform.worker.http.total-timeout", "3s",
                "platform.worker.http.max-body-bytes", "1000",
                "platform.worker.http.allow-list", "10.20.0.0/16,billing.internal"));

        assertThat(settings.totalTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.maxBodyBytes()).isEqualTo(1000);
        assertThat(settings.allowList()).containsExactly("10.20.0.0/16", "billing.internal");
    }

    private static HttpFetchSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("platform.worker.http", HttpFetchSettings.class);
    }
}
