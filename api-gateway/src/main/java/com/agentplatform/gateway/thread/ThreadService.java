package com.agentplatform.gateway.thread;

import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.tenant.TenantLocks;
import com.agentplatform.gateway.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Creating, reading, changing and deleting threads; the runs on a thread are submitted with the executions. */
@Service
class ThreadService {

    private static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final JsonMapper CANONICAL = JsonMapping.messages().rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final ThreadRepository threads;
    private final TenantLocks tenantLocks;
    private final ExecutionTransitions transitions;
    private final ApprovalTransitions approvals;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final GatewaySettings.Threads limits;

    ThreadService(ThreadRepository threads, ExecutionTransitions transitions, ApprovalTransitions approvals, Outbox outbox,
            TransactionTemplate transactions, Clock clock, GatewaySettings settings, TenantLocks tenantLocks) {
        this.tenantLocks = tenantLocks;
        this.threads = threads;
        this.transitions = transitions;
        this.approvals = approvals;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.limits = settings.threads();
    }

    /** A new thread; past the tenant's bound, 429 (counted under the tenant's lock, so exact across gateways). */
    ThreadView create(AuthenticatedTenant tenant, Map<String, Object> metadata) {
        String metadataJson = metadataJson(metadata);
        UUID id = UuidV7.next();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        transactions.executeWithoutResult(status -> {
            tenantLocks.lock(tenant.id());
            long existing = threads.count(tenant.id());
            if (existing >= limits.maxPerTenant()) {
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "THREAD_LIMIT_EXCEEDED", "tenant has " + existing
                        + " threads, the most it may have (" + limits.maxPerTenant() + "); delete some first");
            }
            threads.insert(tenant.id(), id, metadataJson, now);
        });
        return new ThreadView(id, "idle", metadata, now, now);
    }

    ThreadView get(AuthenticatedTenant tenant, UUID id) {
        return threads.find(tenant.id(), id).orElseThrow(() -> ApiException.notFound("thread " + id));
    }

    List<ThreadView> list(AuthenticatedTenant tenant, UUID after, int limit) {
        return threads.list(tenant.id(), after, limit);
    }

    ThreadView replaceMetadata(AuthenticatedTenant tenant, UUID id, Map<String, Object> metadata) {
        if (!threads.replaceMetadata(tenant.id(), id, metadataJson(metadata), clock.instant())) {
            throw ApiException.notFound("thread " + id);
        }
        return get(tenant, id);
    }

    List<ThreadMessageView> messages(AuthenticatedTenant tenant, UUID thread, long afterSeq, int limit) {
        get(tenant, thread);
        return threads.messages(tenant.id(), thread, afterSeq, limit);
    }

    /**
     * Cancels the thread's queued and waiting runs at once and deletes it with its messages, in one transaction; its runs still
     * running stop at their next step boundary (their step finds no thread) and end {@code cancelled}.
     */
    void delete(AuthenticatedTenant tenant, UUID id) {
        TenantId owner = tenant.id();
        List<OutboxMessage> announcements = transactions.execute(status -> {
            // The tenant's counter first, then the thread, then its queued runs: the order claims lock in.
            tenantLocks.lock(owner);
            if (!threads.delete(owner, id)) {
                throw ApiException.notFound("thread " + id);
            }
            List<OutboxMessage> events = new ArrayList<>();
            Instant now = clock.instant();
            for (UUID queued : threads.runsIn(owner, id, ExecutionStatus.QUEUED)) {
                transitions.cancelQueued(owner, new ExecutionId(queued)).ifPresent(event ->
                        events.add(outbox.add(Topics.EXECUTION_EVENTS, owner.toString(), MessageCodec.encode(event), now)));
            }
            for (UUID waiting : threads.runsIn(owner, id, ExecutionStatus.WAITING)) {
                approvals.cancelWaiting(owner, new ExecutionId(waiting)).ifPresent(event ->
                        events.add(outbox.add(Topics.EXECUTION_EVENTS, owner.toString(), MessageCodec.encode(event), now)));
            }
            return events;
        });
        announcements.forEach(outbox::publish);
    }

    private static String metadataJson(Map<String, Object> metadata) {
        if (metadata == null) {
            return null;
        }
        String json = CANONICAL.writeValueAsString(metadata);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw ApiException.validation("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
        }
        return json;
    }
}
