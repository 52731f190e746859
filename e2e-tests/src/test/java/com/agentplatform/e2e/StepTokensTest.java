package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Each step says what tokens it used: model calls theirs, tool calls none, and together the execution's usage. */
@Timeout(60)
class StepTokensTest {

    private final ApiClient api = Platform.get().api;

    @Test
    void modelStepsCarryTheirTokensAndTheyAddUpToTheExecutionsUsage() {
        Tenants.Created tenant = Tenants.create();
        Response run = api.call("POST", "/v1/executions?wait=30", tenant.key(),
                "{\"agent\": {\"tools\": [\"calculator\"]}, \"input\": \"What is 17 * 23 + 4?\"}");
        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");

        JsonNode steps = api.get(tenant.key(), "/v1/executions/" + run.id() + "/steps").body().get("data");

        assertThat(steps).extracting(step -> step.get("kind").asString()).containsExactly("llm", "tool", "llm");
        assertThat(steps).filteredOn(step -> step.get("kind").asString().equals("llm")).allSatisfy(step -> {
            assertThat(step.get("input_tokens").asLong()).isPositive();
            assertThat(step.get("output_tokens").asLong()).isPositive();
        });
        assertThat(steps.get(1).get("input_tokens").asLong()).isZero();
        assertThat(steps.get(1).get("output_tokens").asLong()).isZero();
        JsonNode usage = run.body().get("usage");
        assertThat(sum(steps, "input_tokens")).isEqualTo(usage.get("input_tokens").asLong());
        assertThat(sum(steps, "output_tokens")).isEqualTo(usage.get("output_tokens").asLong());
    }

    private static long sum(JsonNode steps, String field) {
        long total = 0;
        for (JsonNode step : steps) {
            total += step.get(field).asLong();
        }
        return total;
    }
}
