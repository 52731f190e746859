package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.LiveStream;
import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The bounds on status streams: a tenant's and a key's concurrent streams are capped across gateways (Redis), and a
 * revoked key's streams close at the next ping. A second gateway with a one-second ping runs beside the shared one.
 */
@Timeout(180)
class StreamLimitsTest {

    private static final Duration PING = Duration.ofSeconds(1);

    private static ApiClient api;
    private static ConfigurableApplicationContext quickGateway;
    private static ApiClient quick;
    private final List<LiveStream> opened = new ArrayList<>();

    @BeforeAll
    static void boot() {
        api = Platform.get().api;
        quickGateway = Platform.extraGateway(Map.of("platform.gateway.sse.ping-interval", PING.toMillis() + "ms"));
        quick = Platform.clientOf(quickGateway);
    }

    @AfterAll
    static void stop() {
        quickGateway.close();
    }

    @AfterEach
    void hangUp() {
        opened.forEach(LiveStream::close);
    }

    @Test
    void aTenantAtItsStreamCapIsRefusedOnEveryGatewayWhileAnotherTenantIsServed() {
        Tenants.Created capped = Tenants.create("\"max_concurrent_streams\": 3");
        Tenants.Created other = Tenants.create("\"max_concurrent_streams\": 3");
        Calculations.Submitted finished = Calculations.submit(capped.key(), 7);
        Calculations.awaitStatus(finished, "succeeded");
        assertThat(api.get(capped.key(), "/v1/tenant").body().get("limits").get("max_concurrent_streams").asInt()).isEqualTo(3);

        open(api, capped.key());
        open(api, capped.key());
        LiveStream onTheQuickGateway = open(quick, capped.key());

        assertRefused(refusedStream(api, capped.key()));
        assertRefused(refusedStream(quick, capped.key()));
        Response executionStream = api.call("GET", "/v1/executions/" + finished.id() + "/events", capped.key(), null,
                "Accept", "text/event-stream");
        assertThat(executionStream.status()).as("the cap counts every kind of stream").isEqualTo(429);
        assertThat(executionStream.text("code")).isEqualTo("STREAM_LIMIT_EXCEEDED");
        assertThat(executionStream.header("Retry-After")).isNotNull();

        open(api, other.key());

        // A hung-up stream frees its slot once its gateway notices (at the latest at its next ping).
        onTheQuickGateway.close();
        await().atMost(PING.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> opensOrIsRefused(api, capped.key()));
    }

    @Test
    void aKeyAtItsCapLeavesTheTenantsOtherKeysTheirShare() {
        Tenants.Created tenant = Tenants.create("\"max_concurrent_streams\": 10, \"max_concurrent_streams_per_key\": 2");
        String secondKey = api.admin("POST", "/admin/v1/tenants/" + tenant.id() + "/api-keys", "{\"name\":\"second\"}").text("key");

        open(api, tenant.key());
        open(quick, tenant.key());
        LiveStream refused = refusedStream(api, tenant.key());
        assertRefused(refused);
        assertThat(refused.refusal.get("detail").asString()).contains("API key");

        open(api, secondKey);
        open(quick, secondKey);
    }

    @Test
    void aRevokedKeysStreamsCloseWithinAPingWhileTheTenantsOtherKeysStreamsStayOpen() {
        Tenants.Created tenant = Tenants.create();
        Response secondKey = api.admin("POST", "/admin/v1/tenants/" + tenant.id() + "/api-keys", "{\"name\":\"second\"}");
        MessageListenerContainer requests = Platform.workerRequests();
        requests.pause();
        await().atMost(Duration.ofSeconds(15)).until(requests::isContainerPaused);
        try {
            Calculations.Submitted queued = Calculations.submit(tenant.key(), 3);
            LiveStream executionStream = quick.follow(tenant.key(), queued.id());
            opened.add(executionStream);
            LiveStream tenantStream = open(quick, tenant.key());
            LiveStream otherKeysStream = open(quick, secondKey.text("key"));
            await().atMost(Duration.ofSeconds(10)).until(() -> executionStream.types().contains("queued"));

            Response revoked = api.admin("DELETE", "/admin/v1/tenants/" + tenant.id() + "/api-keys/" + tenant.keyId(), null);
            assertThat(revoked.status()).isEqualTo(204);

            await().atMost(PING.multipliedBy(3))
                    .until(() -> executionStream.done.isDone() && tenantStream.done.isDone());
            assertThat(otherKeysStream.done).isNotDone();
            assertThat(quick.get(tenant.key(), "/v1/tenant").status()).isEqualTo(401);
        } finally {
            requests.resume();
        }
    }

    private LiveStream open(ApiClient gateway, String key) {
        LiveStream stream = gateway.followPath(key, "/v1/events", null);
        opened.add(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.status != 0);
        assertThat(stream.status).as("stream %d of the test", opened.size()).isEqualTo(200);
        return stream;
    }

    private LiveStream refusedStream(ApiClient gateway, String key) {
        LiveStream stream = gateway.followPath(key, "/v1/events", null);
        opened.add(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.done.isDone());
        return stream;
    }

    private boolean opensOrIsRefused(ApiClient gateway, String key) {
        LiveStream stream = gateway.followPath(key, "/v1/events", null);
        opened.add(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.status != 0);
        return stream.status == 200;
    }

    private static void assertRefused(LiveStream stream) {
        assertThat(stream.status).isEqualTo(429);
        assertThat(stream.headers.firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(stream.refusal.get("code").asString()).isEqualTo("STREAM_LIMIT_EXCEEDED");
        assertThat(Integer.parseInt(stream.headers.firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
    }
}
