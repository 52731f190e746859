package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which executions of a tenant run on one thread, for a thread's stream sifting its tenant's live events. An
 * execution's thread never changes, so each answer is kept (the most recent {@value #REMEMBERED}): a batch of known
 * executions costs no query, one with new executions one query for all of them.
 */
final class ThreadMembers {

    private static final int REMEMBERED = 4_096;

    private final TenantId tenant;
    private final UUID thread;
    private final TenantLog log;
    private final Map<UUID, Boolean> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    ThreadMembers(TenantId tenant, UUID thread, TenantLog log) {
        this.tenant = tenant;
        this.thread = thread;
        this.log = log;
    }

    /** The entries of the thread's executions, in order. Called under the stream's lock. */
    List<TenantLog.Entry> keep(List<TenantLog.Entry> entries) {
        List<UUID> unknown = entries.stream().map(entry -> entry.event().executionId())
                .filter(id -> !known.containsKey(id)).distinct().toList();
        if (!unknown.isEmpty()) {
            Set<UUID> members = log.onThread(tenant, thread, unknown);
            unknown.forEach(id -> known.put(id, members.contains(id)));
        }
        List<TenantLog.Entry> kept = new ArrayList<>();
        for (TenantLog.Entry entry : entries) {
            if (Boolean.TRUE.equals(known.get(entry.event().executionId()))) {
                kept.add(entry);
            }
        }
        return kept;
    }
}
