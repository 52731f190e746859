package com.agentplatform.bench.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The platform's public API as the benchmarks drive it, over real HTTP from this JVM. */
public final class PlatformApi {

    /** An inline agent on the simulated model, answering in one model call: queued, running, step, succeeded. */
    public static final String EXECUTION = """
            {"agent":{"model":"simulated:default"},"input":"Hello from the benchmarks"}""";

    /**
     * A calculator agent on the offline model, in three steps: the model asks the calculator, the calculator answers,
     * the model answers with its result.
     */
    public static final String CALCULATOR = """
            {"agent":{"model":"offline:deterministic","tools":["calculator"]},"input":"What is 17 * 23 + 4?"}""";

    /**
     * The cheapest execution the platform accepts: an agent needs at least one step ({@code max_steps} >= 1), so this
     * is one answer of the offline model, with no tool: queued, running, step, succeeded.
     */
    public static final String NO_OP = """
            {"agent":{"model":"offline:deterministic","max_steps":1},"input":"noop"}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http;

    public PlatformApi(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    HttpClient http() {
        return http;
    }

    public Tenant createTenant(String prefix, Limits limits) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode tenant = expect(201, send(admin("/admin/v1/tenants").POST(body(limits.json(name)))));
        String id = tenant.get("id").asString();
        JsonNode key = expect(201, send(admin("/admin/v1/tenants/" + id + "/api-keys").POST(body("{\"name\":\"bench\"}"))));
        return new Tenant(id, name, key.get("key").asString());
    }

    /** Submits one execution of {@link #EXECUTION}; true when it was accepted (202). */
    public boolean submit(Tenant tenant) {
        return submit(tenant, EXECUTION);
    }

    /** Submits one execution with this request body; true when it was accepted (202). */
    public boolean submit(Tenant tenant, String execution) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/executions"))
                .header("Authorization", "Bearer " + tenant.key())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(body(execution)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Submits one execution and returns its id. */
    public String submitForId(Tenant tenant) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/executions"))
                .header("Authorization", "Bearer " + tenant.key())
                .header("Content-Type", "application/json")
                .POST(body(EXECUTION));
        return expect(202, send(request)).get("id").asString();
    }

    /**
     * The tenant's counts: queued, running and all executions.
     *
     * @param queued  waiting to start
     * @param running running now
     * @param total   ever submitted
     */
    public record Usage(long queued, long running, long total) {

        public boolean allEnded(long expected) {
            return total >= expected && queued == 0 && running == 0;
        }
    }

    public Usage usage(Tenant tenant) {
        JsonNode usage = expect(200, send(tenantRequest(tenant, "/v1/tenant").GET())).get("usage");
        return new Usage(usage.get("queued_executions").asLong(), usage.get("running_executions").asLong(),
                usage.get("total_executions").asLong());
    }

    /** Every execution of the tenant with its timestamps, paging through the list 100 at a time. */
    public List<ExecutionTimes> executions(Tenant tenant) {
        List<ExecutionTimes> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/executions?limit=100" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = expect(200, send(tenantRequest(tenant, path).GET()));
            for (JsonNode execution : page.get("data")) {
                all.add(new ExecutionTimes(execution.get("id").asString(), execution.get("status").asString(),
                        instant(execution, "created_at"), instant(execution, "started_at"), instant(execution, "finished_at")));
            }
            JsonNode next = page.get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return all;
    }

    /** How many steps the tenant's newest succeeded execution recorded; 0 when none succeeded. */
    public int stepsOfASucceededExecution(Tenant tenant) {
        JsonNode newest = expect(200, send(tenantRequest(tenant, "/v1/executions?status=succeeded&limit=1").GET())).get("data");
        if (newest.isEmpty()) {
            return 0;
        }
        String id = newest.get(0).get("id").asString();
        return expect(200, send(tenantRequest(tenant, "/v1/executions/" + id + "/steps").GET())).get("data").size();
    }

    /** Stores a workflow ({@code {"name": ..., "steps": [...]}}) and returns its id. */
    public String createWorkflow(Tenant tenant, String workflow) {
        return expect(201, send(tenantRequest(tenant, "/v1/workflows").header("Content-Type", "application/json")
                .POST(body(workflow)))).get("id").asString();
    }

    /** Starts a run of the workflow and returns its id. */
    public String runWorkflow(Tenant tenant, String workflowId, String input) {
        return expect(202, send(tenantRequest(tenant, "/v1/workflows/" + workflowId + "/runs")
                .header("Content-Type", "application/json")
                .POST(body("{\"input\":" + JSON.writeValueAsString(input) + "}")))).get("id").asString();
    }

    /** {@code GET} of a tenant's resource, expecting 200. */
    public JsonNode read(Tenant tenant, String path) {
        return expect(200, send(tenantRequest(tenant, path).GET()));
    }

    /** One statistic ({@code COUNT}, {@code TOTAL_TIME}, {@code MAX}...) of a service's actuator metric; 0 when absent. */
    public static double statistic(ServiceProcess service, String name, String statistic) {
        String url = service.managementUrl() + "/actuator/metrics/" + name;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            for (JsonNode measurement : JSON.readTree(response.body()).get("measurements")) {
                if (statistic.equals(measurement.get("statistic").asString())) {
                    return measurement.get("value").asDouble();
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** One value of a service's actuator metric, summed over its measurements' first statistic. */
    public static double metric(ServiceProcess service, String name, String tag) {
        String url = service.managementUrl() + "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble() : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    HttpRequest.Builder tenantRequest(Tenant tenant, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + tenant.key());
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + Services.ADMIN_TOKEN)
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Instant instant(JsonNode execution, String field) {
        JsonNode value = execution.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asString());
    }
}
