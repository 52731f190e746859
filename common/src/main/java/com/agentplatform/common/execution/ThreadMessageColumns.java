package com.agentplatform.common.execution;

import java.util.Map;
import java.util.UUID;

/**
 * The thread message of each step of a batch, as the columns {@link AttemptWrites} binds: all null for runs on no
 * thread, which then write nothing more than before threads existed.
 */
final class ThreadMessageColumns {

    private final UUID[] threads;
    private final Long[] runSeqs;
    private final String[] roles;
    private final String[] contents;
    private final String[] toolCalls;
    private final String[] toolCallIds;

    ThreadMessageColumns(int n) {
        threads = new UUID[n];
        runSeqs = new Long[n];
        roles = new String[n];
        contents = new String[n];
        toolCalls = new String[n];
        toolCallIds = new String[n];
    }

    void set(int i, ThreadMessage message) {
        if (message != null) {
            threads[i] = message.thread();
            runSeqs[i] = message.runSeq();
            roles[i] = message.role();
            contents[i] = message.content();
            toolCalls[i] = message.toolCallsJson();
            toolCallIds[i] = message.toolCallId();
        }
    }

    /** Whether any step of the batch writes a thread message. */
    boolean any() {
        for (UUID thread : threads) {
            if (thread != null) {
                return true;
            }
        }
        return false;
    }

    Map<String, Object> params() {
        return Map.of("threads", threads, "run_seqs", runSeqs, "roles", roles, "contents", contents,
                "tool_calls", toolCalls, "tool_call_ids", toolCallIds);
    }
}
