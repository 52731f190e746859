package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Test helpers for workflows: create one, run it, wait for the run's end, read its steps. */
final class Workflows {

    static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    private Workflows() {
    }

    static String create(ApiClient api, String key, String steps) {
        Response created = api.call("POST", "/v1/workflows", key, "{\"name\": \"test\", \"steps\": " + steps + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.id();
    }

    static String run(ApiClient api, String key, String workflow, String input) {
        Response run = api.call("POST", "/v1/workflows/" + workflow + "/runs", key, "{\"input\": \"" + input + "\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        return run.id();
    }

    static Response awaitEnd(ApiClient api, String key, String run, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> ENDED.contains(api.get(key, "/v1/workflow-runs/" + run).text("status")));
        return api.get(key, "/v1/workflow-runs/" + run);
    }

    static JsonNode step(Response run, String id) {
        for (JsonNode step : run.body().get("steps")) {
            if (step.get("id").asString().equals(id)) {
                return step;
            }
        }
        throw new AssertionError("no step " + id + " in " + run.raw());
    }

    static List<String> stepStatuses(Response run) {
        List<String> statuses = new ArrayList<>();
        run.body().get("steps").forEach(step -> statuses.add(step.get("id").asString() + ":" + step.get("status").asString()));
        return statuses;
    }

    static List<String> errorFields(Response problem) {
        List<String> fields = new ArrayList<>();
        if (problem.body().has("errors")) {
            problem.body().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        }
        return fields;
    }
}
