package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.client.ApiClient;
import com.agentplatform.client.ApiException;
import com.agentplatform.client.ExecutionStream;
import com.agentplatform.client.api.ExecutionsApi;
import com.agentplatform.client.model.AgentBody;
import com.agentplatform.client.model.ExecutionView;
import com.agentplatform.client.model.PageExecutionView;
import com.agentplatform.client.model.StepView;
import com.agentplatform.client.model.SubmitExecutionRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * A user's whole flow through the generated Java client only (and its ExecutionStream): submit, follow the events,
 * read the steps, list. Nothing here speaks HTTP by hand.
 */
@Timeout(120)
class GeneratedClientTest {

    private static final List<String> EVENTS = List.of("queued", "running", "step", "step", "step", "succeeded");

    private static int gatewayPort;
    private static String apiKey;
    private static ApiClient client;
    private static ExecutionsApi executions;

    @BeforeAll
    static void signIn() {
        gatewayPort = ((WebServerApplicationContext) Platform.get().gateway).getWebServer().getPort();
        apiKey = Tenants.create().key();
        client = clientOf("http://localhost:" + gatewayPort, apiKey);
        executions = new ExecutionsApi(client);
    }

    @Test
    void submitsFollowsReadsTheStepsAndListsThroughTheGeneratedClient() throws ApiException {
        ExecutionView submitted = executions.submitExecution(calculation(), null, null);
        assertThat(submitted.getStatus()).isEqualTo("queued");
        assertThat(submitted.getLinks().getEvents()).isEqualTo("/v1/executions/" + submitted.getId() + "/events");

        try (ExecutionStream stream = ExecutionStream.follow(client, submitted.getId())) {
            List<ExecutionStream.Event> events = stream.events().toList();
            assertThat(events).extracting(ExecutionStream.Event::type).containsExactlyElementsOf(EVENTS);
            assertThat(events).extracting(event -> Long.parseLong(event.id())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }

        ExecutionView finished = executions.getExecution(submitted.getId().toString());
        assertThat(finished.getStatus()).isEqualTo("succeeded");
        assertThat(finished.getResult()).isEqualTo("The answer is 395.");
        assertThat(finished.getUsage().getToolCalls()).isEqualTo(1);
        assertThat(finished.getMetadata()).containsEntry("customer", "c-42");

        List<StepView> steps = executions.listExecutionSteps(submitted.getId().toString()).get("data");
        assertThat(steps).extracting(StepView::getKind).containsExactly("llm", "tool", "llm");
        StepView tool = steps.get(1);
        assertThat(tool.getName()).isEqualTo("calculator");
        assertThat(tool.getInput()).as("free JSON arrives as plain Java values").isInstanceOf(Map.class);
        assertThat(tool.getDurationMs()).isNotNull();

        PageExecutionView page = executions.listExecutions("succeeded", null, null, 100, null);
        assertThat(page.getData()).extracting(ExecutionView::getId).contains(submitted.getId());
    }

    @Test
    void theStreamResumesAfterADroppedConnectionWithNoEventMissingOrTwice() throws Exception {
        ExecutionView submitted = executions.submitExecution(calculation(), null, null);

        try (DroppingProxy proxy = new DroppingProxy(gatewayPort, "event:running");
                ExecutionStream stream = ExecutionStream.follow(clientOf(proxy.baseUri(), apiKey), submitted.getId())) {
            List<ExecutionStream.Event> events = stream.events().toList();

            assertThat(proxy.hasCut()).isTrue();
            assertThat(stream.connections()).isEqualTo(2);
            assertThat(events).extracting(ExecutionStream.Event::type).containsExactlyElementsOf(EVENTS);
            assertThat(events).extracting(event -> Long.parseLong(event.id()))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS.size()).boxed().toList());
        }
    }

    @Test
    void anotherTenantsExecutionIsAProblemWith404() throws ApiException {
        ExecutionView theirs = executions.submitExecution(calculation(), null, null);
        ExecutionsApi other = new ExecutionsApi(clientOf("http://localhost:" + gatewayPort, Tenants.create().key()));

        assertThatThrownBy(() -> other.getExecution(theirs.getId().toString()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"code\":\"NOT_FOUND\"");
                });
        assertThatThrownBy(() -> other.getExecution(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    private static SubmitExecutionRequest calculation() {
        return new SubmitExecutionRequest()
                .agent(new AgentBody().name("math").tools(List.of("calculator")))
                .input("What is 17 * 23 + 4?")
                .metadata(Map.of("customer", "c-42"));
    }

    private static ApiClient clientOf(String baseUri, String key) {
        ApiClient apiClient = new ApiClient();
        apiClient.updateBaseUri(baseUri);
        apiClient.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        return apiClient;
    }
}
