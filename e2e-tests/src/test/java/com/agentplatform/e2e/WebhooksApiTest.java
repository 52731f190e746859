package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Webhook endpoints: a secret shown once and stored sealed, URLs only to public addresses (the e2e gateway runs in
 * local mode, which allow-lists loopback), a per-tenant bound, tenant isolation, and deliveries that a terminal
 * transition creates in its own transaction.
 */
@Timeout(120)
class WebhooksApiTest {

    private static final String RECEIVER = "http://127.0.0.1:9/hooks";

    private static ApiClient api;

    @BeforeAll
    static void platform() {
        api = Platform.get().api;
    }

    @Test
    void theSecretIsShownOnceAndStoredSealed() {
        Tenants.Created tenant = Tenants.create();
        Response created = create(tenant, """
                {"url": "%s", "events": ["execution.succeeded", "execution.failed"], "description": "billing"}""".formatted(RECEIVER));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.location()).endsWith("/v1/webhooks/" + created.id());
        String secret = created.text("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(created.body().get("enabled").asBoolean()).isTrue();
        assertThat(created.body().get("events")).extracting(JsonNode::asString)
                .containsExactly("execution.succeeded", "execution.failed");

        Response read = api.get(tenant.key(), "/v1/webhooks/" + created.id());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().has("secret")).as("the secret is shown only once").isFalse();
        assertThat(read.text("description")).isEqualTo("billing");
        assertThat(api.get(tenant.key(), "/v1/webhooks").body().get("data"))
                .extracting(item -> item.get("id").asString()).containsExactly(created.id());
        assertThat(storedSecret(created.id())).startsWith("enc:v1:").doesNotContain(secret.substring(6));

        Response rotated = api.call("POST", "/v1/webhooks/" + created.id() + "/rotate-secret", tenant.key(), null);
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        assertThat(rotated.text("secret")).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(storedSecret(created.id())).startsWith("enc:v1:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/hooks", "http://169.254.169.254/latest", "http://[fd00::1]/hooks",
            "http://0x0a000001/hooks", "http://metadata.google.internal/", "http://192.168.1.20:8080/",
            "ftp://127.0.0.1/hooks", "http://user:pass@127.0.0.1/hooks", "not a url", "http:///path"})
    void aUrlThatIsNotPublicHttpIsRefusedAtCreation(String url) {
        Tenants.Created tenant = Tenants.create();
        Response refused = create(tenant, """
                {"url": "%s", "events": ["execution.succeeded"]}""".formatted(url));

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.raw()).contains("url");
        assertThat(api.get(tenant.key(), "/v1/webhooks").body().get("data")).isEmpty();
    }

    @Test
    void eventsMustBeTheApisNames() {
        Tenants.Created tenant = Tenants.create();
        assertThat(create(tenant, """
                {"url": "%s", "events": ["execution.done"]}""".formatted(RECEIVER)).status()).isEqualTo(400);
        assertThat(create(tenant, """
                {"url": "%s", "events": []}""".formatted(RECEIVER)).status()).isEqualTo(400);
        assertThat(create(tenant, """
                {"url": "%s"}""".formatted(RECEIVER)).status()).isEqualTo(400);
        assertThat(create(tenant, """
                {"url": "%s", "events": ["execution.waiting", "workflow_run.failed"]}""".formatted(RECEIVER)).status())
                .isEqualTo(201);
    }

    @Test
    void aPatchChangesOnlyWhatItSends() {
        Tenants.Created tenant = Tenants.create();
        String id = create(tenant, """
                {"url": "%s", "events": ["execution.succeeded"], "description": "first"}""".formatted(RECEIVER)).id();

        Response patched = api.call("PATCH", "/v1/webhooks/" + id, tenant.key(), """
                {"events": ["execution.failed", "execution.timed_out"], "enabled": false}""");

        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        Response read = api.get(tenant.key(), "/v1/webhooks/" + id);
        assertThat(read.body().get("events")).extracting(JsonNode::asString)
                .containsExactly("execution.failed", "execution.timed_out");
        assertThat(read.body().get("enabled").asBoolean()).isFalse();
        assertThat(read.text("url")).isEqualTo(RECEIVER);
        assertThat(read.text("description")).isEqualTo("first");
        assertThat(api.call("PATCH", "/v1/webhooks/" + id, tenant.key(), """
                {"url": "http://10.1.2.3/"}""").status()).as("a new URL is checked as at creation").isEqualTo(400);
    }

    @Test
    void aTenantHasAtMostTwentyEndpoints() {
        Tenants.Created tenant = Tenants.create();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(create(tenant, """
                    {"url": "%s/%d", "events": ["execution.succeeded"]}""".formatted(RECEIVER, i)).status());
        }

        assertThat(statuses).containsOnly(201);
        Response refused = create(tenant, """
                {"url": "%s", "events": ["execution.succeeded"]}""".formatted(RECEIVER));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("code")).isEqualTo("WEBHOOK_LIMIT_EXCEEDED");
    }

    @Test
    void anotherTenantsEndpointIsNotFound() {
        Tenants.Created owner = Tenants.create();
        Tenants.Created other = Tenants.create();
        String id = create(owner, """
                {"url": "%s", "events": ["execution.succeeded"]}""".formatted(RECEIVER)).id();
        String path = "/v1/webhooks/" + id;

        assertThat(api.get(other.key(), path).status()).isEqualTo(404);
        assertThat(api.call("PATCH", path, other.key(), "{\"enabled\": false}").status()).isEqualTo(404);
        assertThat(api.call("POST", path + "/rotate-secret", other.key(), null).status()).isEqualTo(404);
        assertThat(api.get(other.key(), path + "/deliveries").status()).isEqualTo(404);
        assertThat(api.call("DELETE", path, other.key(), null).status()).isEqualTo(404);
        assertThat(api.get(other.key(), "/v1/webhooks").body().get("data")).isEmpty();
        assertThat(api.get(owner.key(), path).body().get("enabled").asBoolean()).isTrue();
        assertThat(api.call("DELETE", path, owner.key(), null).status()).isEqualTo(204);
        assertThat(api.get(owner.key(), path).status()).isEqualTo(404);
    }

    @Test
    void aFinishedExecutionLeavesOneDeliveryPerSubscribedEnabledEndpoint() {
        Tenants.Created tenant = Tenants.create();
        Tenants.Created other = Tenants.create();
        String subscribed = create(tenant, """
                {"url": "%s/a", "events": ["execution.succeeded"]}""".formatted(RECEIVER)).id();
        String failuresOnly = create(tenant, """
                {"url": "%s/b", "events": ["execution.failed"]}""".formatted(RECEIVER)).id();
        String disabled = create(tenant, """
                {"url": "%s/c", "events": ["execution.succeeded"]}""".formatted(RECEIVER)).id();
        api.call("PATCH", "/v1/webhooks/" + disabled, tenant.key(), "{\"enabled\": false}");
        String othersEndpoint = create(other, """
                {"url": "%s/d", "events": ["execution.succeeded"]}""".formatted(RECEIVER)).id();

        Response done = api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(1, "offline:deterministic"));
        assertThat(done.text("status")).as(done.raw()).isEqualTo("succeeded");

        JsonNode deliveries = api.get(tenant.key(), "/v1/webhooks/" + subscribed + "/deliveries").body().get("data");
        assertThat(deliveries).hasSize(1);
        JsonNode delivery = deliveries.get(0);
        assertThat(delivery.get("event_type").asString()).isEqualTo("execution.succeeded");
        assertThat(delivery.get("execution_id").asString()).isEqualTo(done.id());
        assertThat(delivery.get("status").asString()).isIn("pending", "succeeded", "failed");
        assertThat(api.get(tenant.key(), "/v1/webhooks/" + failuresOnly + "/deliveries").body().get("data")).isEmpty();
        assertThat(api.get(tenant.key(), "/v1/webhooks/" + disabled + "/deliveries").body().get("data")).isEmpty();
        assertThat(api.get(other.key(), "/v1/webhooks/" + othersEndpoint + "/deliveries").body().get("data")).isEmpty();

        String redeliver = "/v1/webhooks/" + subscribed + "/deliveries/" + delivery.get("id").asString() + "/redeliver";
        assertThat(api.call("POST", redeliver, tenant.key(), null).status()).isEqualTo(202);
        assertThat(api.call("POST", redeliver, other.key(), null).status()).isEqualTo(404);
        assertThat(api.call("POST", "/v1/webhooks/" + subscribed + "/deliveries/" + done.id() + "/redeliver",
                tenant.key(), null).status()).isEqualTo(404);
    }

    @Test
    void theWebhookPathsAreInTheOpenApiDocumentWithExamples() {
        Response docs = api.get(null, "/v3/api-docs");

        assertThat(docs.body().get("paths").propertyNames()).contains("/v1/webhooks", "/v1/webhooks/{id}",
                "/v1/webhooks/{id}/rotate-secret", "/v1/webhooks/{id}/deliveries",
                "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver");
        assertThat(docs.body().get("components").get("schemas").get("WebhookBody").get("example")).isNotNull();
        assertThat(docs.body().get("components").get("schemas").get("WebhookView").get("example")).isNotNull();
        assertThat(docs.body().get("components").get("schemas").get("DeliveryView").get("example")).isNotNull();
    }

    @Test
    void badInputIsAClear400OrAnUnknownId404() {
        Tenants.Created tenant = Tenants.create();
        String id = create(tenant, """
                {"url": "%s", "events": ["execution.succeeded"]}""".formatted(RECEIVER)).id();

        List<Response> bad = List.of(
                api.call("POST", "/v1/webhooks", tenant.key(), "{\"url\": 5, \"events\": [\"execution.failed\"]}"),
                api.call("POST", "/v1/webhooks", tenant.key(), "{\"url\": \"%s\", \"events\": \"execution.failed\"}".formatted(RECEIVER)),
                api.call("POST", "/v1/webhooks", tenant.key(), "{\"url\": \"%s\", \"events\": [\"execution.failed\"], \"secret\": \"x\"}".formatted(RECEIVER)),
                api.call("POST", "/v1/webhooks", tenant.key(), "{\"url\": \"%s\", \"events\": [\"execution.failed\"], \"enabled\": false}".formatted(RECEIVER)),
                api.call("POST", "/v1/webhooks", tenant.key(), "{\"url\": \"%s\", \"events\": [\"execution.failed\"], \"description\": \"%s\"}".formatted(RECEIVER, "d".repeat(501))),
                api.call("PATCH", "/v1/webhooks/" + id, tenant.key(), "{\"events\": [\"nope\"]}"),
                api.call("PATCH", "/v1/webhooks/" + id, tenant.key(), "{\"enabled\": \"yes\"}"),
                api.call("GET", "/v1/webhooks?limit=0", tenant.key(), null),
                api.call("GET", "/v1/webhooks/" + id + "/deliveries?cursor=%25%25", tenant.key(), null));

        assertThat(bad).allSatisfy(answer -> assertThat(answer.status()).as(answer.raw()).isEqualTo(400));
        assertThat(api.get(tenant.key(), "/v1/webhooks/not-a-uuid").status()).isEqualTo(404);
        assertThat(api.call("POST", "/v1/webhooks/" + id + "/deliveries/not-a-uuid/redeliver", tenant.key(), null).status())
                .isEqualTo(404);
    }

    private static Response create(Tenants.Created tenant, String body) {
        return api.call("POST", "/v1/webhooks", tenant.key(), body);
    }

    private static String storedSecret(String id) {
        return Platform.get().gateway.getBean(JdbcClient.class)
                .sql("select secret from webhook_endpoints where id = cast(:id as uuid)")
                .param("id", id)
                .query(String.class)
                .single();
    }
}
