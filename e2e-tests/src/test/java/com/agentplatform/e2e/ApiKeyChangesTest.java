package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.EmbeddedStack;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gateways answer live API keys from memory, yet a revocation or a tenant's new limits take effect at once on every
 * gateway: the second gateway below has just served the key from memory when the change goes through the first.
 */
@Timeout(120)
class ApiKeyChangesTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    private static ApiClient first;
    private static ConfigurableApplicationContext secondGateway;
    private static ApiClient second;

    @BeforeAll
    static void twoGateways() {
        first = Platform.get().api;
        // A slow reconnect, so the test can act while the second gateway's listening connection is down.
        secondGateway = Platform.extraGateway(Map.of("platform.gateway.api-keys.reconnect-delay", "3s"));
        second = Platform.clientOf(secondGateway);
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(secondGateway));
    }

    @AfterAll
    static void stop() {
        secondGateway.close();
    }

    @Test
    void aKeyRevokedThroughOneGatewayIsRefusedByAnotherThatServedItFromMemoryWithinASecond() {
        Tenants.Created tenant = Tenants.create();
        assertThat(second.get(tenant.key(), "/v1/tenant").status()).isEqualTo(200);
        assertServedFromMemory(tenant.key());

        Response revoked = first.admin("DELETE", "/admin/v1/tenants/" + tenant.id() + "/api-keys/" + tenant.keyId(), null);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(first.get(tenant.key(), "/v1/tenant").status()).as("on the gateway that revoked it").isEqualTo(401);
        await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20))
                .until(() -> second.get(tenant.key(), "/v1/tenant").status() == 401);
    }

    @Test
    void aTenantsNewLimitsAreSeenByAnotherGatewayAtOnce() {
        Tenants.Created tenant = Tenants.create("\"rate_limit_per_minute\": 1000");
        assertThat(second.get(tenant.key(), "/v1/tenant").header("X-RateLimit-Limit")).isEqualTo("1000");
        assertServedFromMemory(tenant.key());

        Response patched = first.admin("PATCH", "/admin/v1/tenants/" + tenant.id(), "{\"rate_limit_per_minute\": 2000}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(first.get(tenant.key(), "/v1/tenant").header("X-RateLimit-Limit")).isEqualTo("2000");
        await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20))
                .until(() -> "2000".equals(second.get(tenant.key(), "/v1/tenant").header("X-RateLimit-Limit")));
    }

    @Test
    void whileItCannotHearChangesAGatewayReadsEveryKeyFromTheDatabaseSoARevocationThenIsNotMissed() throws SQLException {
        Tenants.Created tenant = Tenants.create();
        assertThat(second.get(tenant.key(), "/v1/tenant").status()).isEqualTo(200);
        assertServedFromMemory(tenant.key());

        terminateListeningSessions();
        await().atMost(Duration.ofSeconds(5)).until(() -> !listening(secondGateway));
        double fromDatabase = lookups(secondGateway, "database");
        assertThat(second.get(tenant.key(), "/v1/tenant").status()).isEqualTo(200);
        assertThat(lookups(secondGateway, "database")).as("read from PostgreSQL while deaf").isEqualTo(fromDatabase + 1);

        // The announcement of this revocation reaches no one on the second gateway: it is not listening.
        Response revoked = first.admin("DELETE", "/admin/v1/tenants/" + tenant.id() + "/api-keys/" + tenant.keyId(), null);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(second.get(tenant.key(), "/v1/tenant").status()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(15)).until(() -> listening(secondGateway));
        assertThat(second.get(tenant.key(), "/v1/tenant").status()).as("after listening again").isEqualTo(401);
    }

    /**
     * A request with the key is answered without asking PostgreSQL. The announcement of the key's own creation may
     * reach this gateway just after its first lookup and drop what that lookup stored (as it must), so a few requests
     * may go to the database before one is served from memory.
     */
    private static void assertServedFromMemory(String key) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            double fromMemory = lookups(secondGateway, "memory");
            assertThat(second.get(key, "/v1/tenant").status()).isEqualTo(200);
            return lookups(secondGateway, "memory") == fromMemory + 1;
        });
    }

    private static double lookups(ConfigurableApplicationContext gateway, String source) {
        return gateway.getBean(MeterRegistry.class).get("platform.api.keys.lookups").tag("source", source).counter().count();
    }

    private static boolean listening(ConfigurableApplicationContext gateway) {
        return gateway.getBean(MeterRegistry.class).get("platform.api.keys.listening").gauge().value() == 1;
    }

    /** Every gateway's listening session, as a PostgreSQL restart or a network fault would end it. */
    private static void terminateListeningSessions() throws SQLException {
        EmbeddedStack stack = Platform.get().stack;
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUsername(), stack.jdbcPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gateway-key-listener'");
        }
    }
}
