package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Tenant tools at run time: an MCP server registered by one tenant serves that tenant's agents only. */
@Timeout(120)
class AgentToolsTest {

    @Test
    void builtInToolsActForTheCallingTenantAndFetchOnlyWhatTheAllowListPermits() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 7");
        Response info = api.call("POST", "/v1/executions?wait=30", tenant.key(), """
                {"agent": {"tools": ["tenant_info"]}, "input": "call tenant_info with {}"}""");
        assertThat(info.text("status")).as(info.raw()).isEqualTo("succeeded");
        assertThat(info.text("result")).contains(tenant.name()).contains("\"max_concurrent_executions\":7");

        try (FakeMcpServer local = new FakeMcpServer()) {
            Response fetched = api.call("POST", "/v1/executions?wait=30", tenant.key(), """
                    {"agent": {"tools": ["http_get"]}, "input": "call http_get with {\\"url\\": \\"%s\\"}"}""".formatted(local.url()));
            assertThat(fetched.text("status")).as(fetched.raw()).isEqualTo("succeeded");
            assertThat(fetched.text("result")).contains("HTTP 405");
        }
        Response refused = api.call("POST", "/v1/executions?wait=30", tenant.key(), """
                {"agent": {"tools": ["http_get"]}, "input": "call http_get with {\\"url\\": \\"http://169.254.169.254/latest/meta-data/\\"}"}""");
        assertThat(refused.text("status")).isEqualTo("succeeded");
        assertThat(refused.text("result")).contains("refused to fetch");
    }

    @Test
    void aTenantsMcpServerToolIsCalledByItsAgentAndInvisibleToAnotherTenant() {
        ApiClient api = Platform.get().api;
        Tenants.Created a = Tenants.create();
        Tenants.Created b = Tenants.create();
        try (FakeMcpServer docs = new FakeMcpServer()) {
            Response registered = api.call("POST", "/v1/tools", a.key(), """
                    {"name": "docs", "description": "A dictionary over MCP", "kind": "mcp", "config": {"url": "%s"}}""".formatted(docs.url()));
            assertThat(registered.status()).as(registered.raw()).isEqualTo(201);

            Response run = api.call("POST", "/v1/executions?wait=30", a.key(), """
                    {"agent": {"tools": ["docs"]}, "input": "call docs__lookup with {\\"word\\": \\"apple\\"}"}""");
            assertThat(run.status()).as(run.raw()).isEqualTo(200);
            assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
            assertThat(run.text("result")).contains("apple: a word the fake dictionary knows");
            assertThat(docs.calls).containsExactly("apple");
            JsonNode steps = api.get(a.key(), "/v1/executions/" + run.id() + "/steps").body().get("data");
            assertThat(steps.get(1).get("name").asString()).isEqualTo("docs__lookup");

            assertThat(api.get(b.key(), "/v1/tools").raw()).doesNotContain("docs");
            Response foreign = api.call("POST", "/v1/executions", b.key(), """
                    {"agent": {"tools": ["docs"]}, "input": "call docs__lookup with {\\"word\\": \\"pear\\"}"}""");
            assertThat(foreign.status()).isEqualTo(422);
            assertThat(foreign.text("code")).isEqualTo("UNKNOWN_TOOL");
            assertThat(api.call("POST", "/v1/agents", b.key(), "{\"name\": \"thief\", \"tools\": [\"docs\"]}").status()).isEqualTo(422);
            assertThat(docs.calls).containsExactly("apple");
        }
    }
}
