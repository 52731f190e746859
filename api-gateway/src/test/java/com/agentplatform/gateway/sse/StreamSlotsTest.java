package com.agentplatform.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against a real Redis: the caps hold across gateways, a dead gateway's slots lapse, and a Redis outage stays bounded. */
class StreamSlotsTest {

    private static final Duration PING = Duration.ofMillis(300);

    @Test
    void capsATenantAndEachOfItsKeysAcrossGatewaysAndFreesASlotOnRelease() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        AuthenticatedTenant firstKey = caller(tenant, 3, 2);
        AuthenticatedTenant secondKey = caller(tenant, 3, 2);
        try (StreamSlots gatewayA = slots(); StreamSlots gatewayB = slots()) {
            StreamSlots.Slot held = gatewayA.acquire(firstKey);
            gatewayB.acquire(firstKey);
            assertThat(held.counted()).isTrue();
            assertRefused(() -> gatewayA.acquire(firstKey), "this API key has 2 status streams open");

            gatewayB.acquire(secondKey);
            assertRefused(() -> gatewayA.acquire(secondKey), "the tenant has 3 status streams open");
            assertThat(gatewayB.acquire(caller(new TenantId(UUID.randomUUID()), 3, 2)).counted()).as("another tenant").isTrue();

            gatewayA.release(held);
            assertThat(gatewayB.acquire(firstKey).counted()).isTrue();
        }
    }

    @Test
    void theSlotsOfAGatewayThatStopsRenewingLapseWhileRenewedOnesLast() {
        AuthenticatedTenant caller = caller(new TenantId(UUID.randomUUID()), 2, 2);
        try (StreamSlots survivor = slots()) {
            StreamSlots.Slot renewed = survivor.acquire(caller);
            try (StreamSlots dying = slots()) {
                dying.acquire(caller);
            }
            assertRefused(() -> survivor.acquire(caller), "the tenant has 2");

            long lapsesAfter = PING.multipliedBy(3).toMillis();
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                survivor.renew(List.of(renewed));
                return tryAcquire(survivor, caller);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isGreaterThanOrEqualTo(lapsesAfter - 200);
            assertRefused(() -> survivor.acquire(caller), "the tenant has 2");
        }
    }

    @Test
    void failsOpenWhenRedisIsUnreachableButEachGatewayStillCounts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AuthenticatedTenant caller = caller(new TenantId(UUID.randomUUID()), 2, 5);
        try (StreamSlots slots = new StreamSlots(new GatewaySettings.Redis("localhost", closedPort, Duration.ofMillis(200)), PING)) {
            StreamSlots.Slot first = slots.acquire(caller);
            assertThat(first.counted()).isFalse();
            slots.acquire(caller);
            assertRefused(() -> slots.acquire(caller), "the tenant has 2");
            slots.release(first);
            assertThat(slots.acquire(caller).counted()).isFalse();
        }
    }

    private static boolean tryAcquire(StreamSlots slots, AuthenticatedTenant caller) {
        try {
            slots.acquire(caller);
            return true;
        } catch (ApiException refused) {
            return false;
        }
    }

    private static void assertRefused(Runnable acquire, String detail) {
        assertThatThrownBy(acquire::run).isInstanceOfSatisfying(ApiException.class, refused -> {
            assertThat(refused.code()).isEqualTo("STREAM_LIMIT_EXCEEDED");
            assertThat(refused.status().value()).isEqualTo(429);
            assertThat(refused.getMessage()).startsWith(detail);
            assertThat(refused.retryAfterSeconds()).isEqualTo("1");
        });
    }

    private static StreamSlots slots() {
        EmbeddedStack stack = SharedTestStack.get();
        return new StreamSlots(new GatewaySettings.Redis(stack.redisHost(), stack.redisPort(), Duration.ofSeconds(2)), PING);
    }

    private static AuthenticatedTenant caller(TenantId tenant, int tenantCap, int keyCap) {
        return new AuthenticatedTenant(tenant, "t", 600, 1000, tenantCap, keyCap, UUID.randomUUID());
    }
}
