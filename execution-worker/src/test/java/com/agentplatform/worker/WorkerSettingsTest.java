package com.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The settings bind from properties as the worker's application binds them. */
class WorkerSettingsTest {

    @Configuration
    @EnableConfigurationProperties(WorkerSettings.class)
    static class Binding {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void aModelCallAsksForAtMost4096OutputTokensUnlessToldOtherwise() {
        context.run(defaults -> assertThat(defaults.getBean(WorkerSettings.class).providers().maxOutputTokens()).isEqualTo(4096));
        context.withPropertyValues("platform.worker.providers.max-output-tokens=16000")
                .run(told -> assertThat(told.getBean(WorkerSettings.class).providers().maxOutputTokens()).isEqualTo(16000));
    }

    @Test
    void refusesACeilingBelowOneToken() {
        context.withPropertyValues("platform.worker.providers.max-output-tokens=0").run(refused -> assertThat(refused).hasFailed());
    }
}
