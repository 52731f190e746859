package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway's public port serves the API and the two probes, nothing else of the actuator: metrics, environment
 * and the rest listen on the management port, which no public Service or published port exposes.
 */
@Timeout(120)
class ManagementPortTest {

    private static final List<String> OPERATOR_ONLY = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/jvm.memory.used", "/actuator/health", "/actuator/info", "/actuator");

    @Test
    void thePublicPortAnswersLivenessAndReadinessButServesNoMetrics() {
        ApiClient gateway = Platform.get().api;

        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            ApiClient.Response answer = gateway.get(null, probe);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.text("status")).as(probe).isEqualTo("UP");
        }
        for (String path : OPERATOR_ONLY) {
            assertThat(gateway.get(null, path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theManagementPortServesTheMetricsAndTheProbes() {
        ApiClient management = Platform.managementOf(Platform.get().gateway);

        ApiClient.Response scrape = management.get(null, "/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw()).contains("platform_submits_total{", "platform_cancellations_total{");
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            assertThat(management.get(null, probe).status()).as(probe).isEqualTo(200);
        }
    }

    /** A load balancer must see a gateway that refuses traffic, on the port it sends traffic to. */
    @Test
    void aGatewayThatRefusesTrafficAnswers503OnItsPublicReadinessProbe() {
        try (ConfigurableApplicationContext gateway = Platform.extraGateway(Map.of())) {
            ApiClient api = Platform.clientOf(gateway);
            assertThat(api.get(null, "/actuator/health/readiness").status()).isEqualTo(200);

            AvailabilityChangeEvent.publish(gateway, ReadinessState.REFUSING_TRAFFIC);

            await("readiness down").atMost(Duration.ofSeconds(5))
                    .until(() -> api.get(null, "/actuator/health/readiness").status() == 503);
            assertThat(api.get(null, "/actuator/health/readiness").text("status")).isEqualTo("OUT_OF_SERVICE");
            assertThat(api.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
        }
    }
}
