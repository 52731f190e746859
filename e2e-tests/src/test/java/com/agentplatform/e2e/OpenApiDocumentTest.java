package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client module generates its code from a checked-in copy of the gateway's OpenAPI document. This fails when the
 * gateway's document and that copy drift apart, and says how to export it again; the rest checks what makes the
 * document fit to generate a client from.
 */
class OpenApiDocumentTest {

    /** Exports the running gateway's document to the client module instead of comparing (see the failure message). */
    private static final String EXPORT = "openapi.export";
    private static final Path SPEC = Path.of(System.getProperty("basedir", "."))
            .resolve("../client/src/main/openapi/agent-platform.json").normalize();
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final Pattern ACTION = Pattern.compile("(submit|list|get|create|replace|update|delete|cancel|follow|"
            + "decide|trigger|rotate|redeliver|issue|revoke|start)[A-Z][A-Za-z]+");

    private static JsonNode document;

    @BeforeAll
    static void fetchTheDocument() {
        Response docs = Platform.get().api.get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        document = docs.body();
    }

    @Test
    void theCheckedInSpecOfTheClientIsTheGatewaysDocument() throws IOException {
        if (Boolean.getBoolean(EXPORT)) {
            Files.writeString(SPEC, JSON.writeValueAsString(document) + "\n", StandardCharsets.UTF_8);
        }
        JsonNode checkedIn = JSON.readTree(Files.readString(SPEC, StandardCharsets.UTF_8));

        assertThat(checkedIn.equals(document)).as("""
                The gateway's OpenAPI document differs from %s (first differences: %s).
                Export it again and commit the file (the client module is generated from it):
                  ./mvnw -pl e2e-tests -am verify -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -D%s=true""",
                SPEC.getFileName(), differences("", checkedIn, document), EXPORT).isTrue();
    }

    @Test
    void everyOperationHasAnActionIdASummaryAResourceTagAndProblemResponses() {
        List<String> operationIds = new ArrayList<>();
        operations((where, operation) -> {
            String id = operation.path("operationId").asString("");
            operationIds.add(id);
            assertThat(id).as(where).matches(ACTION);
            assertThat(operation.path("summary").asString("")).as(where).isNotBlank();
            assertThat(operation.get("tags")).as(where).hasSize(1);
            JsonNode responses = operation.get("responses");
            assertThat(responses.propertyNames()).as(where).contains("400", "401");
            for (String status : responses.propertyNames()) {
                if (status.startsWith("4")) {
                    assertThat(responses.get(status).get("content").propertyNames()).as(where + " " + status)
                            .containsExactly("application/problem+json");
                }
            }
        });
        assertThat(operationIds).doesNotHaveDuplicates().contains("submitExecution", "listExecutions", "getExecution",
                "cancelExecution", "listExecutionSteps", "followExecution");
        assertThat(document.get("tags").findValuesAsString("name")).contains("Executions", "Agents", "Tools", "Threads",
                "Approvals", "Webhooks", "Schedules", "Tenants", "Keys", "Models", "Events");
    }

    @Test
    void everyRequestBodyHasAnExample() {
        operations((where, operation) -> {
            JsonNode content = operation.path("requestBody").path("content");
            for (String type : content.propertyNames()) {
                JsonNode media = content.get(type);
                assertThat(media.has("example") || media.has("examples")).as(where + " " + type).isTrue();
            }
        });
    }

    @Test
    void schemasNameTheFieldsAsTheWireDoesAndFreeJsonIsAnyValue() {
        JsonNode schemas = document.get("components").get("schemas");
        assertThat(schemas.propertyNames()).doesNotContain("JsonNode", "Error");
        for (String name : schemas.propertyNames()) {
            JsonNode properties = schemas.get(name).path("properties");
            assertThat(properties.propertyNames()).as(name).allMatch(field -> field.matches("[a-z][a-z0-9_]*"));
        }
        JsonNode step = schemas.get("StepView").get("properties");
        assertThat(step.propertyNames()).contains("started_at", "duration_ms");
        assertThat(step.get("input").has("type")).as("a step's input may be any JSON value").isFalse();
        assertThat(step.get("output").has("$ref")).isFalse();
    }

    private interface OperationCheck {
        void check(String where, JsonNode operation);
    }

    private static void operations(OperationCheck check) {
        JsonNode paths = document.get("paths");
        for (String path : paths.propertyNames()) {
            for (Map.Entry<String, JsonNode> method : paths.get(path).properties()) {
                if (METHODS.contains(method.getKey())) {
                    check.check(method.getKey().toUpperCase() + " " + path, method.getValue());
                }
            }
        }
    }

    /** Up to a few JSON pointers where the two documents differ, so the failure says what moved. */
    private static Set<String> differences(String at, JsonNode expected, JsonNode actual) {
        Set<String> found = new TreeSet<>();
        if (expected == null || actual == null || expected.isObject() != actual.isObject() || !expected.isObject()) {
            if (expected == null || !expected.equals(actual)) {
                found.add(at.isEmpty() ? "/" : at);
            }
            return found;
        }
        Set<String> names = new TreeSet<>(expected.propertyNames());
        names.addAll(actual.propertyNames());
        for (String name : names) {
            if (found.size() >= 5) {
                break;
            }
            found.addAll(differences(at + "/" + name.replace("~", "~0").replace("/", "~1"), expected.get(name), actual.get(name)));
        }
        return found;
    }
}
