package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.SharedTestStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks reach their receivers: signed per Standard Webhooks (checked here by the specification's algorithm, written
 * in this test, not by the platform's class), retried under one webhook-id, refused at delivery time when the address
 * is not permitted then, and held back while a receiver is down, then all delivered once it is back. The e2e worker
 * retries after 300 ms, 500 ms, 1 s, 2 s... instead of 5 s, 5 min, 30 min... A gateway process killed right after
 * the transition it made commits loses no webhook.
 */
@Timeout(300)
class WebhookDeliveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ApiClient api;

    @BeforeAll
    static void platform() {
        api = Platform.get().api;
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheSameSignedDeliveryFourTimes() throws Exception {
        Tenants.Created tenant = Tenants.create();
        try (WebhookReceiver receiver = WebhookReceiver.failingFirst(3)) {
            Response endpoint = endpoint(tenant, receiver.url(), "execution.succeeded");
            String secret = endpoint.text("secret");

            String execution = finish(tenant);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() >= 4);
            assertThat(receiver.received).hasSize(4);
            assertThat(receiver.received).extracting(WebhookReceiver.Received::id).containsOnly(receiver.received.getFirst().id());
            assertThat(receiver.received).allSatisfy(request -> assertThat(validSignature(secret, request))
                    .as("signature %s of %s", request.signature(), request.body()).isTrue());
            JsonNode body = JSON.readTree(receiver.received.getLast().body());
            assertThat(body.get("type").asString()).isEqualTo("execution.succeeded");
            assertThat(body.get("timestamp").asString()).isNotBlank();
            assertThat(body.get("data").get("execution").get("id").asString()).isEqualTo(execution);
            assertThat(body.get("data").get("execution").get("status").asString()).isEqualTo("succeeded");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode delivery = deliveries(tenant, endpoint.id()).get(0);
                assertThat(delivery.get("id").asString()).isEqualTo(receiver.received.getFirst().id());
                assertThat(delivery.get("status").asString()).isEqualTo("succeeded");
                assertThat(delivery.get("attempt").asInt()).isEqualTo(4);
                assertThat(delivery.get("response_status").asInt()).isEqualTo(204);
            });
        }
    }

    /**
     * The terminal transition made by a gateway: a gateway process cancels a queued run and halts right after the
     * cancel commits (as kill -9 would), before it publishes or does anything else. The webhook still reaches the
     * receiver, exactly once and signed, sent by a worker (another process's work): its delivery row was inserted by
     * the transition's own transaction (the trigger on the {@code cancelled} event). Had the delivery been created
     * after the commit, by the process that made the transition, it would be lost here.
     */
    @Test
    void aGatewayKilledRightAfterCommittingACancelLosesNoWebhook() throws Exception {
        Tenants.Created tenant = Tenants.create();
        Map<String, String> halting = new LinkedHashMap<>(SharedTestStack.get().springProperties());
        halting.put("platform.gateway.admin-token", Platform.ADMIN_TOKEN);
        halting.put("platform.gateway.halt-after-commit", "true");
        halting.put("logging.level.org.apache.kafka", "WARN");
        // No worker takes the run: it stays queued until the doomed gateway cancels it.
        Platform.pauseInProcessWorker();
        try (WebhookReceiver receiver = WebhookReceiver.failingFirst(0);
                ServiceProcess doomed = ServiceProcess.start("gateway-halting-cancel", "api-gateway", halting,
                        Path.of("target", "fault-logs"))) {
            String secret = endpoint(tenant, receiver.url(), "execution.cancelled").text("secret");
            Response queued = api.submit(tenant.key(), LimitsTest.calculation(7, "offline:deterministic"));
            assertThat(queued.status()).as(queued.raw()).isEqualTo(202);

            ApiClient viaDoomed = new ApiClient(doomed.baseUrl());
            assertThatThrownBy(() -> viaDoomed.call("POST", "/v1/executions/" + queued.id() + "/cancel", tenant.key(), null))
                    .as("the gateway died before answering").isInstanceOf(RuntimeException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !doomed.isAlive());
            assertThat(api.get(tenant.key(), "/v1/executions/" + queued.id()).text("status")).isEqualTo("cancelled");

            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received.isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);
            WebhookReceiver.Received delivery = receiver.received.getFirst();
            assertThat(validSignature(secret, delivery)).isTrue();
            JsonNode execution = JSON.readTree(delivery.body()).get("data").get("execution");
            assertThat(execution.get("id").asString()).isEqualTo(queued.id());
            assertThat(execution.get("status").asString()).isEqualTo("cancelled");
        } finally {
            Platform.resumeInProcessWorker();
        }
    }

    /**
     * The gateway (local mode) let 127.0.0.2 in at creation; the worker permits only 127.0.0.1, as if the host had
     * resolved elsewhere since: the receiver listening there gets nothing.
     */
    @Test
    void anAddressRefusedAtDeliveryTimeGetsNothing() {
        Tenants.Created tenant = Tenants.create();
        try (WebhookReceiver receiver = WebhookReceiver.onAllAddresses(0)) {
            Response endpoint = endpoint(tenant, "http://127.0.0.2:" + receiver.port() + "/hooks", "execution.succeeded");
            assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(201);

            finish(tenant);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(deliveries(tenant, endpoint.id()).get(0).get("attempt").asInt()).isGreaterThanOrEqualTo(2));
            JsonNode delivery = deliveries(tenant, endpoint.id()).get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("pending");
            assertThat(delivery.get("response_status").isNull()).isTrue();
            assertThat(receiver.received).isEmpty();
        }
    }

    @Test
    void aReceiverDownWhileRunsFinishGetsEachOfThemOnceItIsBack() throws Exception {
        int runs = 500;
        Tenants.Created tenant = Tenants.create();
        int port = freePort();
        Response endpoint = endpoint(tenant, "http://127.0.0.1:" + port + "/hooks", "execution.succeeded");
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Response submitted = api.submit(tenant.key(), LimitsTest.calculation(i, "offline:deterministic"));
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
            executions.add(submitted.id());
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> finished(tenant) == runs);
        await("every delivery tried and failed at least once").atMost(Duration.ofSeconds(60))
                .until(() -> attempted(endpoint.id()) == runs);

        try (WebhookReceiver receiver = WebhookReceiver.at(port)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received.size() >= runs);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == runs);

            Set<String> ids = receiver.received.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
            assertThat(ids).hasSize(runs);
            Set<String> announced = receiver.received.stream()
                    .map(request -> JSON.readTree(request.body()).get("data").get("execution").get("id").asString())
                    .collect(Collectors.toSet());
            assertThat(announced).containsExactlyInAnyOrderElementsOf(executions);
        }
    }

    /**
     * Two workers send (and run the executions): between them at most 8 deliveries at once to one endpoint, the bound
     * being counted in the database, not per worker; another endpoint's deliveries pass meanwhile.
     */
    @Test
    void aSlowReceiverGetsAtMostEightAtOnceFromAllWorkersAndHoldsBackNoOtherEndpoint() {
        Tenants.Created tenant = Tenants.create();
        int runs = 24;
        try (ConfigurableApplicationContext secondWorker = Platform.extraWorker("webhook-worker-2");
                WebhookReceiver slow = WebhookReceiver.slow(Duration.ofSeconds(5));
                WebhookReceiver quick = WebhookReceiver.failingFirst(0)) {
            endpoint(tenant, slow.url(), "execution.succeeded");
            endpoint(tenant, quick.url(), "execution.succeeded");
            for (int i = 0; i < runs; i++) {
                assertThat(api.submit(tenant.key(), LimitsTest.calculation(i, "offline:deterministic")).status()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> quick.received.size() == runs);
            assertThat(slow.received.size()).as("the slow receiver is still busy").isLessThan(runs);
            await().atMost(Duration.ofSeconds(60)).until(() -> slow.received.size() >= runs);
            assertThat(slow.mostAtOnce.get()).isBetween(2, 8);
        }
    }

    /** Failing since six days (set in the database), the next failure disables the endpoint: nothing more is sent. */
    @Test
    void anEndpointFailingForFiveDaysIsDisabled() throws Exception {
        Tenants.Created tenant = Tenants.create();
        Response endpoint = endpoint(tenant, "http://127.0.0.1:" + freePort() + "/hooks", "execution.succeeded");
        jdbc().sql("update webhook_endpoints set failing_since = now() - interval '6 days' where id = cast(:id as uuid)")
                .param("id", endpoint.id())
                .update();

        finish(tenant);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                !api.get(tenant.key(), "/v1/webhooks/" + endpoint.id()).body().get("enabled").asBoolean());
        JsonNode delivery = deliveries(tenant, endpoint.id()).get(0);
        assertThat(delivery.get("attempt").asInt()).isEqualTo(1);
        assertThat(delivery.get("status").asString()).isEqualTo("pending");
        Matcher disabled = Pattern.compile("(?m)^platform_webhook_endpoints_disabled_total(\\{[^}]*\\})? (\\S+)$")
                .matcher(workerScrape());
        assertThat(disabled.find()).isTrue();
        assertThat(Double.parseDouble(disabled.group(2))).isGreaterThanOrEqualTo(1.0);
    }

    /** The Standard Webhooks check: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the secret's base64 part as key. */
    private static boolean validSignature(String secret, WebhookReceiver.Received request) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = request.id() + "." + request.timestamp() + "." + request.body();
        byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(request.timestamp()));
        for (String candidate : request.signature().split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1") && age < 300
                    && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    private static long finished(Tenants.Created tenant) {
        return jdbc().sql("select count(*) from executions where tenant_id = cast(:tenant as uuid) and status = 'succeeded'")
                .param("tenant", tenant.id())
                .query(Long.class)
                .single();
    }

    private static long attempted(String endpoint) {
        return jdbc().sql("select count(*) from webhook_deliveries where endpoint_id = cast(:endpoint as uuid) and attempt >= 1")
                .param("endpoint", endpoint)
                .query(Long.class)
                .single();
    }

    private static String workerScrape() {
        int port = ((WebServerApplicationContext) Platform.get().worker).getWebServer().getPort();
        return new ApiClient("http://localhost:" + port).get(null, "/actuator/prometheus").raw();
    }

    private static JdbcClient jdbc() {
        return Platform.get().gateway.getBean(JdbcClient.class);
    }

    private static Response endpoint(Tenants.Created tenant, String url, String event) {
        Response created = api.call("POST", "/v1/webhooks", tenant.key(), """
                {"url": "%s", "events": ["%s"]}""".formatted(url, event));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created;
    }

    private static String finish(Tenants.Created tenant) {
        Response done = api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(5, "offline:deterministic"));
        assertThat(done.text("status")).as(done.raw()).isEqualTo("succeeded");
        return done.id();
    }

    private static JsonNode deliveries(Tenants.Created tenant, String endpoint) {
        return deliveries(tenant, endpoint, 20);
    }

    private static JsonNode deliveries(Tenants.Created tenant, String endpoint, int limit) {
        return api.get(tenant.key(), "/v1/webhooks/" + endpoint + "/deliveries?limit=" + limit).body().get("data");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
