package com.agentplatform.worker.runtime;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolUnavailableException;
import com.agentplatform.worker.tool.ToolFailedException;
import com.agentplatform.worker.provider.ChatModels;
import com.agentplatform.worker.provider.PermanentModelException;
import com.agentplatform.worker.provider.TransientModelException;
import com.agentplatform.worker.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The agent loop: ask the model, run the tools it calls, feed their results back, until it answers in text. Every
 * LLM and tool call is a recorded step; {@code max_steps}, {@code timeout_seconds} and {@code max_tokens} are
 * checked at every step boundary. The model only ever sees the tools the agent allows.
 */
@Component
public class AgentRuntime {

    private final ChatModels models;
    private final ToolRegistry tools;
    private final Clock clock;

    public AgentRuntime(ChatModels models, ToolRegistry tools, Clock clock) {
        this.models = models;
        this.tools = tools;
        this.clock = clock;
    }

    /** A run outside any tenant (tests of the loop itself): only built-in tools. */
    public RunOutcome run(AgentSpec agent, String input, StepRecorder recorder) {
        return run(new ToolContext(null, null), agent, input, recorder);
    }

    public RunOutcome run(ToolContext context, AgentSpec agent, String input, StepRecorder recorder) {
        return run(context, agent, input, History.NONE, recorder);
    }

    /**
     * Runs, or goes on with, an agent. With a history (the steps an earlier attempt recorded) the conversation is
     * rebuilt from it and continues where that attempt stopped: no LLM or tool call it completed is made again.
     */
    public RunOutcome run(ToolContext context, AgentSpec agent, String input, History history, StepRecorder recorder) {
        Optional<ChatModel> model = models.find(agent.model());
        if (model.isEmpty()) {
            return new RunOutcome.Failed("UNKNOWN_MODEL", "model '" + agent.model() + "' is not available on this worker", Usage.NONE);
        }
        try (ToolRegistry.Resolved allowed = resolveTools(context, agent)) {
            if (allowed.missing() != null) {
                return new RunOutcome.Failed("UNKNOWN_TOOL", "tool '" + allowed.missing() + "' is not available", Usage.NONE);
            }
            // timeout_seconds bounds the execution, not each attempt: a crash does not buy it more time.
            java.time.Instant start = history.startedAt() != null ? history.startedAt() : clock.instant();
            return new Run(context, agent, model.get(), allowed.tools(), recorder,
                    start.plusSeconds(agent.timeoutSeconds())).execute(input, history);
        } catch (ToolUnavailableException e) {
            return new RunOutcome.Failed("TOOL_UNAVAILABLE", e.getMessage(), Usage.NONE);
        }
    }

    private ToolRegistry.Resolved resolveTools(ToolContext context, AgentSpec agent) {
        if (context.tenant() == null) {
            List<AgentTool> builtIn = new ArrayList<>();
            for (String name : agent.tools()) {
                Optional<AgentTool> tool = tools.find(name);
                if (tool.isEmpty()) {
                    return new ToolRegistry.Resolved(List.of(), List.of(), name);
                }
                builtIn.add(tool.get());
            }
            return new ToolRegistry.Resolved(builtIn, List.of(), null);
        }
        return tools.resolve(context, agent.tools());
    }

    private final class Run {

        private final ToolContext context;
        private final AgentSpec agent;
        private final ChatModel model;
        private final Map<String, AgentTool> toolsByName = new LinkedHashMap<>();
        private final List<ToolSpecification> specifications;
        private final StepRecorder recorder;
        private final Instant deadline;
        private final List<ChatMessage> messages = new ArrayList<>();
        private Usage usage = Usage.NONE;
        private int steps;

        Run(ToolContext context, AgentSpec agent, ChatModel model, List<AgentTool> allowed, StepRecorder recorder, Instant deadline) {
            this.context = context;
            this.agent = agent;
            this.model = model;
            allowed.forEach(tool -> toolsByName.put(tool.name(), tool));
            this.specifications = allowed.stream().map(AgentTool::specification).toList();
            this.recorder = recorder;
            this.deadline = deadline;
        }

        RunOutcome execute(String input, History history) {
            if (agent.instructions() != null && !agent.instructions().isBlank()) {
                messages.add(SystemMessage.from(agent.instructions()));
            }
            messages.add(UserMessage.from(input));
            Optional<RunOutcome> resumed = resume(history);
            if (resumed.isPresent()) {
                return resumed.get();
            }
            while (true) {
                Optional<RunOutcome> stop = checkBounds();
                if (stop.isPresent()) {
                    return stop.get();
                }
                AiMessage reply;
                try {
                    reply = callModel();
                } catch (TransientModelException e) {
                    return new RunOutcome.Failed("PROVIDER_UNAVAILABLE", e.getMessage(), usage);
                } catch (PermanentModelException e) {
                    return new RunOutcome.Failed(e.code(), e.getMessage(), usage);
                }
                if (!reply.hasToolExecutionRequests()) {
                    return new RunOutcome.Succeeded(reply.text(), usage);
                }
                for (ToolExecutionRequest call : reply.toolExecutionRequests()) {
                    stop = checkBounds();
                    if (stop.isPresent()) {
                        return stop.get();
                    }
                    messages.add(callTool(call));
                }
            }
        }

        /** Replays recorded steps into the conversation; finishes pending tool calls; ends if the answer was given. */
        private Optional<RunOutcome> resume(History history) {
            if (history.steps().isEmpty()) {
                return Optional.empty();
            }
            usage = history.usage();
            steps = history.steps().size();
            AiMessage last = null;
            List<String> answered = new ArrayList<>();
            for (Step step : history.steps()) {
                if (step.isLlm()) {
                    last = History.replyOf(step);
                    messages.add(last);
                    answered.clear();
                } else {
                    messages.add(History.resultOf(step));
                    answered.add(String.valueOf(step.input().get("id")));
                }
            }
            if (last != null && !last.hasToolExecutionRequests()) {
                return Optional.of(new RunOutcome.Succeeded(last.text(), usage));
            }
            if (last != null) {
                for (ToolExecutionRequest call : last.toolExecutionRequests()) {
                    if (!answered.contains(call.id())) {
                        Optional<RunOutcome> stop = checkBounds();
                        if (stop.isPresent()) {
                            return stop;
                        }
                        messages.add(callTool(call));
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<RunOutcome> checkBounds() {
            if (!clock.instant().isBefore(deadline)) {
                return Optional.of(new RunOutcome.TimedOut("the run exceeded timeout_seconds=" + agent.timeoutSeconds(), usage));
            }
            if (usage.totalTokens() >= agent.maxTokens()) {
                return Optional.of(new RunOutcome.Failed("TOKEN_BUDGET_EXCEEDED",
                        "the run used " + usage.totalTokens() + " tokens of max_tokens=" + agent.maxTokens(), usage));
            }
            if (steps >= agent.maxSteps()) {
                return Optional.of(new RunOutcome.Failed("MAX_STEPS_EXCEEDED",
                        "the run needed more than max_steps=" + agent.maxSteps() + " steps", usage));
            }
            return Optional.empty();
        }

        private AiMessage callModel() {
            Instant started = clock.instant();
            long startNanos = System.nanoTime();
            ChatResponse response;
            try {
                response = model.chat(ChatRequest.builder().messages(messages).toolSpecifications(specifications).build());
            } catch (RuntimeException e) {
                recorder.callFailed("llm", agent.model(), started, (System.nanoTime() - startNanos) / 1_000_000);
                throw e;
            }
            long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
            AiMessage reply = response.aiMessage();
            TokenUsage tokens = response.tokenUsage();
            long in = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
            long out = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
            usage = usage.plusLlmCall(in, out);
            steps++;
            messages.add(reply);
            recorder.record(new Step("llm", agent.model(), prompt(), describe(reply), started, durationMs, in, out));
            return reply;
        }

        private ToolExecutionResultMessage callTool(ToolExecutionRequest call) {
            Instant started = clock.instant();
            long startNanos = System.nanoTime();
            AgentTool tool = toolsByName.get(call.name());
            String text;
            boolean failed = false;
            if (tool == null) {
                text = "no tool named '" + call.name() + "' is available";
                failed = true;
            } else {
                try {
                    text = tool.execute(context, call.arguments());
                } catch (ToolFailedException e) {
                    text = e.getMessage();
                    failed = true;
                } catch (RuntimeException e) {
                    // A tool's own bug must not end the run: the model is told and may go on without it.
                    text = "the tool failed unexpectedly (" + e.getClass().getSimpleName() + ")";
                    failed = true;
                }
            }
            usage = usage.plusToolCall();
            steps++;
            Map<String, Object> output = failed ? Map.of("error", text) : Map.of("result", text);
            recorder.record(new Step("tool", call.name(), Map.of("id", call.id() == null ? "" : call.id(),
                    "arguments", call.arguments() == null ? "" : call.arguments()),
                    output, started, (System.nanoTime() - startNanos) / 1_000_000, 0, 0));
            return ToolExecutionResultMessage.builder().id(call.id()).toolName(call.name()).text(text).isError(failed).build();
        }

        /** The step's input: how long the conversation was and what the model answered to. */
        private Map<String, Object> prompt() {
            ChatMessage asked = messages.get(messages.size() - 2);
            String text = switch (asked) {
                case UserMessage user -> user.hasSingleText() ? user.singleText() : "";
                case ToolExecutionResultMessage result -> result.text();
                default -> "";
            };
            return Map.of("messages", messages.size() - 1, "last_message", text);
        }

        private static Map<String, Object> describe(AiMessage reply) {
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
    }
}
