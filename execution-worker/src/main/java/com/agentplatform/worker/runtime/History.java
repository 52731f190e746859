package com.agentplatform.worker.runtime;

import com.agentplatform.common.execution.Usage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What earlier attempts of an execution completed: their recorded steps, in order, the usage they cost, and when
 * the execution first started (its {@code timeout_seconds} counts from then, across attempts). A retried attempt
 * resumes from it instead of paying for the same LLM and tool calls again. A run on a thread also has the thread's
 * earlier messages (those of earlier runs, already trimmed to the agent's {@code history_tokens}), which the model
 * sees before the run's own input.
 */
public record History(List<Step> steps, Usage usage, java.time.Instant startedAt, List<EarlierMessage> thread) {

    public static final History NONE = new History(List.of(), Usage.NONE, null);

    public History {
        steps = List.copyOf(steps);
        thread = thread == null ? List.of() : List.copyOf(thread);
    }

    public History(List<Step> steps, Usage usage, java.time.Instant startedAt) {
        this(steps, usage, startedAt, List.of());
    }

    public History(List<Step> steps, Usage usage) {
        this(steps, usage, null);
    }

    /** How an LLM step records the model's reply: its text and its tool calls (read back by {@link #replyOf}). */
    static Map<String, Object> outputOf(AiMessage reply) {
        Map<String, Object> output = new LinkedHashMap<>();
        if (reply.text() != null) {
            output.put("text", reply.text());
        }
        if (reply.hasToolExecutionRequests()) {
            output.put("tool_calls", reply.toolExecutionRequests().stream()
                    .map(call -> Map.of("id", call.id() == null ? "" : call.id(), "name", call.name(),
                            "arguments", call.arguments() == null ? "" : call.arguments()))
                    .toList());
        }
        return output;
    }

    /** The model's reply as an LLM step recorded it: its text and its tool calls. */
    static AiMessage replyOf(Step step) {
        Object text = step.output().get("text");
        List<ToolExecutionRequest> calls = step.output().get("tool_calls") instanceof List<?> list
                ? list.stream().map(History::callOf).toList() : List.of();
        if (calls.isEmpty()) {
            return AiMessage.from(text == null ? "" : text.toString());
        }
        return text == null ? AiMessage.from(calls) : new AiMessage(text.toString(), calls);
    }

    /** A tool's answer as its step recorded it. */
    static ToolExecutionResultMessage resultOf(Step step) {
        Object error = step.output().get("error");
        Object text = error != null ? error : step.output().get("result");
        return ToolExecutionResultMessage.builder()
                .id(step.callId())
                .toolName(step.name())
                .text(text == null ? "" : text.toString())
                .isError(error != null)
                .build();
    }

    /** An agent's call whose child never answered: the model is told so, and may call it again. */
    static ToolExecutionResultMessage childMissing(Step step) {
        return ToolExecutionResultMessage.builder()
                .id(step.callId())
                .toolName(step.name())
                .text("the agent did not answer: its execution had not ended when this run went on")
                .isError(true)
                .build();
    }

    private static ToolExecutionRequest callOf(Object recorded) {
        Map<?, ?> call = (Map<?, ?>) recorded;
        return ToolExecutionRequest.builder()
                .id(String.valueOf(call.get("id")))
                .name(String.valueOf(call.get("name")))
                .arguments(String.valueOf(call.get("arguments")))
                .build();
    }
}
