package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.e2e.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A quiet tenant whose Kafka partition is shared with a tenant flooding it is served in the dispatcher's next batch,
 * not after the flood: its one execution starts before more than a handful of the flood's do. Asserted as an order
 * (how many of the flood's executions started before the quiet one), never as a time.
 */
@Timeout(180)
class DispatchFairnessTest {

    private static final int FLOOD = 10_000;
    private static final int PARTITIONS = 12;

    @Test
    void aQuietTenantOnTheFloodingTenantsPartitionStartsBeforeAlmostAllOfTheFlood() {
        Platform platform = Platform.get();
        // The flood runs ten at a time (the default limit) on a model that takes 300 ms, so it drains slowly.
        Tenants.Created noisy = Tenants.create();
        Tenants.Created quiet = tenantOnTheSamePartitionAs(noisy);
        JdbcClient jdbc = platform.gateway.getBean(JdbcClient.class);
        List<UUID> flood = floodQueue(jdbc, noisy);
        wakeUpEachOf(platform, noisy, flood);

        Response submitted = platform.api.call("POST", "/v1/executions", quiet.key(), """
                {"agent": {"name": "quick"}, "input": "hello"}""");
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> platform.api.get(quiet.key(), "/v1/executions/" + submitted.id()).text("started_at") != null);
        Instant quietStarted = Instant.parse(platform.api.get(quiet.key(), "/v1/executions/" + submitted.id()).text("started_at"));

        long floodStartedFirst = jdbc.sql("""
                select count(*) from executions where tenant_id = :tenant and started_at is not null and started_at < :at""")
                .param("tenant", UUID.fromString(noisy.id()))
                .param("at", java.sql.Timestamp.from(quietStarted))
                .query(Long.class)
                .single();
        // Behind 10,000 wake-ups in one partition, a consumer that claimed in record order would start it last.
        assertThat(floodStartedFirst).as("flood executions started before the quiet tenant's").isLessThan(FLOOD / 100);

        jdbc.sql("update executions set status = 'cancelled', finished_at = now() where tenant_id = :tenant and status = 'queued'")
                .param("tenant", UUID.fromString(noisy.id()))
                .update();
    }

    /** Queues the flood straight in PostgreSQL (an API submit each would take most of a minute). */
    private static List<UUID> floodQueue(JdbcClient jdbc, Tenants.Created noisy) {
        List<UUID> ids = IntStream.range(0, FLOOD).mapToObj(i -> UuidV7.next()).toList();
        int inserted = jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, max_attempts, last_event_seq,
                                        created_at, updated_at)
                select id, :tenant,
                       '{"name": "slow", "model": "simulated:default", "tools": [], "max_steps": 10, "timeout_seconds": 60,
                         "max_tokens": 100000}'::jsonb,
                       'flood', 'simulated:default', 'queued', 3, 0, now(), now()
                from unnest(cast(:ids as uuid[])) as id""")
                .param("tenant", UUID.fromString(noisy.id()))
                .param("ids", ids.toArray(UUID[]::new))
                .update();
        assertThat(inserted).isEqualTo(FLOOD);
        return ids;
    }

    /** One wake-up per flooding execution, all in the partition the quiet tenant's wake-up will join behind them. */
    @SuppressWarnings("unchecked")
    private static void wakeUpEachOf(Platform platform, Tenants.Created noisy, List<UUID> flood) {
        KafkaTemplate<String, String> kafka = platform.gateway.getBean(KafkaTemplate.class);
        TenantId tenant = new TenantId(UUID.fromString(noisy.id()));
        for (UUID id : flood) {
            kafka.send(Topics.EXECUTIONS_REQUESTED, noisy.id(),
                    MessageCodec.encode(ExecutionRequested.of(new ExecutionId(id), tenant, 1, Instant.now())));
        }
        kafka.flush();
    }

    private static Tenants.Created tenantOnTheSamePartitionAs(Tenants.Created noisy) {
        while (true) {
            Tenants.Created candidate = Tenants.create();
            if (partitionOf(candidate.id()) == partitionOf(noisy.id())) {
                return candidate;
            }
        }
    }

    /** Kafka's default partitioner for a keyed record. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
