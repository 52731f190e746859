package com.agentplatform.worker.runtime;

import com.agentplatform.common.execution.PendingApproval;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolFailedException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes one run's tool calls and records each as a step. Reads are simply made. A call that may change something
 * outside the platform ({@link AgentTool#hasSideEffects()}) is recorded as an intent before it is sent, and carries
 * the idempotency key {@code <execution_id>:<call_id>}; if a crash leaves such an intent without a result, the
 * attempt that resumes does not send it again: the model is told the outcome is unknown, and decides.
 */
final class ToolCalls {

    static final String OUTCOME_UNKNOWN = "The outcome of this call is unknown: the worker making it stopped after the"
            + " request may have been sent and before any result was recorded. It was not sent again, so that it cannot"
            + " take effect twice. Check whether it took effect before making it again.";

    private final ToolContext context;
    private final Map<String, AgentTool> tools = new HashMap<>();
    private final StepRecorder recorder;
    private final Clock clock;

    ToolCalls(ToolContext context, List<AgentTool> allowed, StepRecorder recorder, Clock clock) {
        this.context = context;
        allowed.forEach(tool -> tools.put(tool.name(), tool));
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Makes the call, records it, and returns what the model gets back. */
    ToolExecutionResultMessage call(ToolExecutionRequest call) {
        AgentTool tool = tools.get(call.name());
        return send(call, tool != null && tool.hasSideEffects(), Map.of());
    }

    /** True when the run offers a tool of this name (a call of any other is answered as an error, never paused). */
    boolean offers(String name) {
        return tools.containsKey(name);
    }

    /**
     * Makes a call a person approved, with the arguments of its step (the model's, or the person's edit), completing
     * that step. A person said yes to one call, so it is made at most once whatever the tool: it is recorded as an
     * intent first, and a crash after that leaves its outcome unknown rather than sending it again.
     */
    ToolExecutionResultMessage callApproved(Step approved) {
        Object arguments = approved.input().get("arguments");
        ToolExecutionRequest call = ToolExecutionRequest.builder().id(approved.callId()).name(approved.name())
                .arguments(arguments == null ? "" : arguments.toString()).build();
        Object decision = approved.output().get(PendingApproval.APPROVAL);
        return send(call, true, decision == null ? Map.of() : Map.of(PendingApproval.APPROVAL, decision));
    }

    /** Sends the call (after its intent, when {@code intentFirst}) and records it with {@code notes} in its output. */
    private ToolExecutionResultMessage send(ToolExecutionRequest call, boolean intentFirst, Map<String, Object> notes) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        AgentTool tool = tools.get(call.name());
        Map<String, Object> input = Map.of("id", orEmpty(call.id()), "arguments", orEmpty(call.arguments()));
        if (intentFirst) {
            // Durable before anything is sent: whatever happens next, a later attempt knows this call may have happened.
            recorder.intend(Step.intent(call.name(), input, started, notes));
        }
        Answer answer = make(tool, call);
        StoredText stored = new StoredText();
        String text = stored.clean(answer.text());
        Map<String, Object> output = stored.noted(Map.of(answer.failed() ? "error" : "result", text));
        if (!notes.isEmpty()) {
            output = new LinkedHashMap<>(output);
            output.putAll(notes);
        }
        recorder.record(new Step("tool", call.name(), input, output, started, (System.nanoTime() - startNanos) / 1_000_000, 0, 0));
        return message(call.id(), call.name(), text, answer.failed());
    }

    /**
     * A call an earlier attempt recorded as an intent but whose result it never recorded: it may or may not have
     * taken effect. It is completed as such (the step gets its result) and not sent again.
     */
    ToolExecutionResultMessage outcomeUnknown(Step intent) {
        Map<String, Object> output = new LinkedHashMap<>(Map.of("error", OUTCOME_UNKNOWN, "outcome", "unknown"));
        if (intent.output().containsKey(PendingApproval.APPROVAL)) {
            output.put(PendingApproval.APPROVAL, intent.output().get(PendingApproval.APPROVAL));
        }
        recorder.record(new Step("tool", intent.name(), intent.input(), output, intent.startedAt(), 0, 0, 0));
        return message(intent.callId(), intent.name(), OUTCOME_UNKNOWN, true);
    }

    private Answer make(AgentTool tool, ToolExecutionRequest call) {
        if (tool == null) {
            return new Answer("no tool named '" + call.name() + "' is available", true);
        }
        try {
            return new Answer(orEmpty(tool.execute(context.forCall(orEmpty(call.id())), call.arguments())), false);
        } catch (ToolFailedException e) {
            return new Answer(orEmpty(e.getMessage()), true);
        } catch (RuntimeException e) {
            // A tool's own bug must not end the run: the model is told and may go on without it.
            return new Answer("the tool failed unexpectedly (" + e.getClass().getSimpleName() + ")", true);
        }
    }

    private static ToolExecutionResultMessage message(String id, String tool, String text, boolean failed) {
        return ToolExecutionResultMessage.builder().id(id).toolName(tool).text(text).isError(failed).build();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private record Answer(String text, boolean failed) {
    }
}
