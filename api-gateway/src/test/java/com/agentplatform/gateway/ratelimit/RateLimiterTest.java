package com.agentplatform.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against a real Redis: the window is exact, and a Redis that is down lets requests through (fail open). */
class RateLimiterTest {

    @Test
    void admitsExactlyTheLimitInAWindowThenTellsWhenASlotFrees() {
        EmbeddedStack stack = SharedTestStack.get();
        TenantId tenant = new TenantId(UUID.randomUUID());
        try (RateLimiter limiter = new RateLimiter(new GatewaySettings.Redis(stack.redisHost(), stack.redisPort(), Duration.ofSeconds(2)))) {
            for (int i = 1; i <= 3; i++) {
                RateLimiter.Decision decision = limiter.check(tenant, 3);
                assertThat(decision.allowed()).isTrue();
                assertThat(decision.counted()).isTrue();
                assertThat(decision.remaining()).isEqualTo(3 - i);
            }
            RateLimiter.Decision refused = limiter.check(tenant, 3);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.remaining()).isZero();
            assertThat(refused.reset()).isPositive().isLessThanOrEqualTo(RateLimiter.WINDOW);

            assertThat(limiter.check(new TenantId(UUID.randomUUID()), 3).allowed()).as("another tenant's window").isTrue();
        }
    }

    @Test
    void failsOpenWhenRedisIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (RateLimiter limiter = new RateLimiter(new GatewaySettings.Redis("localhost", closedPort, Duration.ofMillis(200)))) {
            RateLimiter.Decision decision = limiter.check(new TenantId(UUID.randomUUID()), 1);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.counted()).isFalse();
            assertThat(limiter.check(new TenantId(UUID.randomUUID()), 1).allowed()).isTrue();
        }
    }
}
