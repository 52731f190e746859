package com.agentplatform.worker.runtime;

import com.agentplatform.common.execution.Delegations;
import com.agentplatform.common.execution.PendingApproval;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recorded LLM or tool call.
 *
 * <p>A tool call that may change something outside the platform is first recorded as an <em>intent</em>: a tool
 * step whose output holds only {@link #INTENT}, written before the call is sent, and completed in place (same step
 * number) once its result is known. An intent without a result in a later attempt's history is a call whose outcome
 * is unknown.
 *
 * @param kind  {@code llm} or {@code tool}
 * @param name  the model or the tool
 * @param input for a tool call: its {@code id} (the model's call id) and {@code arguments}
 * @param usage tokens of this call alone (zero for tools)
 */
public record Step(String kind, String name, Map<String, Object> input, Map<String, Object> output,
        Instant startedAt, long durationMs, long inputTokens, long outputTokens) {

    /** The output key of an intent: the call is being sent, or was, and no result is recorded yet. */
    public static final String INTENT = "intent";

    /** A tool call about to be sent, recorded so that a crash cannot make it happen twice unnoticed. */
    static Step intent(String tool, Map<String, Object> input, Instant startedAt) {
        return intent(tool, input, startedAt, Map.of());
    }

    /** An intent whose step keeps {@code notes} (a person's decision on the call) beside the intent marker. */
    static Step intent(String tool, Map<String, Object> input, Instant startedAt, Map<String, Object> notes) {
        Map<String, Object> output = new LinkedHashMap<>(notes);
        output.put(INTENT, "recorded before the call was sent; no result yet");
        return new Step("tool", tool, input, output, startedAt, 0, 0, 0);
    }

    public boolean isLlm() {
        return "llm".equals(kind);
    }

    /** A tool call recorded before it was sent, whose result was never recorded. */
    public boolean isIntent() {
        return "tool".equals(kind) && output.containsKey(INTENT);
    }

    /**
     * A tool call a person approved (its step written by the decision) that has not been made yet: the attempt that
     * resumes makes it with the step's arguments, which may be the person's edit, and completes this step.
     */
    public boolean isApprovedPending() {
        return "tool".equals(kind) && output.containsKey(PendingApproval.APPROVED);
    }

    /** A call of an agent as a tool whose child execution has not ended (its end completes this step). */
    public boolean isWaitingForChild() {
        return "tool".equals(kind) && output.containsKey(Delegations.PENDING) && output.containsKey(Delegations.CHILD);
    }

    /** The model's id of this tool call ({@code ""} when it gave none). */
    public String callId() {
        Object id = input.get("id");
        return id == null ? "" : id.toString();
    }
}
