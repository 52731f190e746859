package com.agentplatform.worker.runtime;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.worker.provider.PermanentModelException;
import com.agentplatform.worker.provider.StreamableModel;
import com.agentplatform.worker.provider.TokenSink;
import com.agentplatform.worker.provider.TransientModelException;
import com.agentplatform.worker.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of the agent loop ({@link AgentRuntime}): the conversation so far, the usage and step count, and the calls
 * still to answer. Resumed from recorded steps, it makes no call an earlier attempt completed.
 */
final class AgentRun {

    private final AgentSpec agent;
    private final StreamableModel model;
    private final List<ToolSpecification> specifications;
    private final Map<String, CallableAgent> delegates;
    private final ToolCalls toolCalls;
    private final StepRecorder recorder;
    private final Instant deadline;
    private final Clock clock;
    private final int maxOutputTokens;
    private final List<ChatMessage> messages = new ArrayList<>();
    /** Agent calls a person approved, not started yet, by call id: the step numbers the decisions wrote. */
    private final Map<String, ApprovedCall> approvedAgentCalls = new HashMap<>();
    private Usage usage = Usage.NONE;
    private int steps;

    AgentRun(AgentSpec agent, StreamableModel model, List<AgentTool> allowed, Map<String, CallableAgent> delegates,
            ToolCalls toolCalls, StepRecorder recorder, Instant deadline, Clock clock, int maxOutputTokens) {
        this.clock = clock;
        this.maxOutputTokens = maxOutputTokens;
        this.agent = agent;
        this.model = model;
        this.delegates = delegates;
        this.specifications = Stream.concat(allowed.stream().map(AgentTool::specification),
                delegates.values().stream().map(CallableAgent::specification)).toList();
        this.toolCalls = toolCalls;
        this.recorder = recorder;
        this.deadline = deadline;
    }

    Outcome execute(String input, History history) {
        if (agent.instructions() != null && !agent.instructions().isBlank()) {
            messages.add(SystemMessage.from(agent.instructions()));
        }
        messages.addAll(ThreadHistory.toMessages(history.thread()));
        messages.add(UserMessage.from(input));
        Optional<Outcome> resumed = resume(history);
        if (resumed.isPresent()) {
            return resumed.get();
        }
        while (true) {
            Optional<Outcome> stop = checkBounds();
            if (stop.isPresent()) {
                return stop.get();
            }
            AiMessage reply;
            try {
                reply = callModel();
            } catch (TransientModelException e) {
                return new Outcome.Failed(FailureCode.PROVIDER_UNAVAILABLE, StoredText.withoutNul(e.getMessage()), usage);
            } catch (PermanentModelException e) {
                return new Outcome.Failed(e.code(), StoredText.withoutNul(e.getMessage()), usage);
            }
            if (!reply.hasToolExecutionRequests()) {
                return new Outcome.Succeeded(reply.text(), usage);
            }
            stop = answer(reply.toolExecutionRequests(), List.of());
            if (stop.isPresent()) {
                return stop.get();
            }
        }
    }

    /**
     * Makes the calls not answered yet, in order; the calls of agents are gathered and, once the others are made,
     * pause the run together ({@link DelegationRequiredException}): their children then run side by side.
     */
    private Optional<Outcome> answer(List<ToolExecutionRequest> calls, List<String> answered) {
        List<DelegationRequiredException.Delegation> delegations = new ArrayList<>();
        for (ToolExecutionRequest call : calls) {
            if (answered.contains(call.id())) {
                continue;
            }
            Optional<Outcome> stop = checkBounds();
            if (stop.isPresent()) {
                return stop;
            }
            CallableAgent delegate = delegates.get(call.name());
            if (delegate != null) {
                ApprovedCall approved = approvedAgentCalls.get(call.id());
                if (approved == null && agent.needsApproval(call.name())) {
                    // Asked before any child of this reply starts; they all start together once it is decided.
                    throw new ApprovalRequiredException(call.id(), call.name(), call.arguments());
                }
                usage = usage.plusToolCall();
                String arguments = approved == null ? call.arguments() : approved.arguments();
                if (approved == null) {
                    steps++; // an approved call's step was written, and counted, with the decision
                }
                delegations.add(new DelegationRequiredException.Delegation(call.id(), call.name(), arguments,
                        delegate.agentId(), CallableAgent.inputOf(arguments), approved == null ? null : approved.seq()));
            } else {
                messages.add(callTool(call));
            }
        }
        if (!delegations.isEmpty()) {
            throw new DelegationRequiredException(delegations);
        }
        return Optional.empty();
    }

    /**
     * Replays recorded steps into the conversation; finishes the tool calls the last model reply asked for and
     * that were not answered; ends if the answer was given. A call recorded as an intent without a result is not
     * made again: it is answered "outcome unknown" and the model decides.
     */
    private Optional<Outcome> resume(History history) {
        if (history.steps().isEmpty()) {
            return Optional.empty();
        }
        usage = history.usage();
        steps = history.steps().size();
        AiMessage last = null;
        List<String> answered = new ArrayList<>();
        int seq = 0;
        for (Step step : history.steps()) {
            seq++; // steps are numbered 1, 2, 3… in order
            if (step.isApprovedPending() && delegates.containsKey(step.name())) {
                // An agent call a person approved: its child starts with the reply's other calls, below.
                approvedAgentCalls.put(step.callId(), new ApprovedCall(seq, argumentsOf(step)));
            } else if (step.isLlm()) {
                last = History.replyOf(step);
                messages.add(last);
                answered.clear();
            } else if (step.isApprovedPending()) {
                // Its step is counted already (the decision wrote it); the call is made only now.
                Optional<Outcome> stop = checkBounds(steps - 1);
                if (stop.isPresent()) {
                    return stop;
                }
                usage = usage.plusToolCall();
                messages.add(toolCalls.callApproved(step));
                answered.add(step.callId());
            } else if (step.isWaitingForChild()) {
                // Resumed before its child answered (only by hand): the call stays unanswered rather than run twice.
                messages.add(History.childMissing(step));
                answered.add(step.callId());
            } else if (step.isIntent()) {
                usage = usage.plusToolCall(); // its step is counted already; its call only now that it is settled
                messages.add(toolCalls.outcomeUnknown(step));
                answered.add(step.callId());
            } else {
                messages.add(History.resultOf(step));
                answered.add(step.callId());
            }
        }
        if (last != null && !last.hasToolExecutionRequests()) {
            return Optional.of(new Outcome.Succeeded(last.text(), usage));
        }
        return last == null ? Optional.empty() : answer(last.toolExecutionRequests(), answered);
    }

    private static String argumentsOf(Step step) {
        Object arguments = step.input().get("arguments");
        return arguments == null ? "" : arguments.toString();
    }

    private Optional<Outcome> checkBounds() {
        return checkBounds(steps);
    }

    private Optional<Outcome> checkBounds(int taken) {
        if (!clock.instant().isBefore(deadline)) {
            return Optional.of(new Outcome.TimedOut("the run exceeded timeout_seconds=" + agent.timeoutSeconds(), usage));
        }
        if (usage.totalTokens() >= agent.maxTokens()) {
            return Optional.of(new Outcome.Failed(FailureCode.TOKEN_BUDGET_EXCEEDED,
                    "the run used " + usage.totalTokens() + " tokens of max_tokens=" + agent.maxTokens(), usage));
        }
        if (taken >= agent.maxSteps()) {
            return Optional.of(new Outcome.Failed(FailureCode.MAX_STEPS_EXCEEDED,
                    "the run needed more than max_steps=" + agent.maxSteps() + " steps", usage));
        }
        return Optional.empty();
    }

    private AiMessage callModel() {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        ChatResponse response;
        TokenSink deltas = recorder.tokensOfNextCall();
        try {
            response = model.chat(ChatRequest.builder().messages(messages).toolSpecifications(specifications)
                    .maxOutputTokens(outputBudget()).build(), deltas);
        } catch (RuntimeException e) {
            recorder.callFailed("llm", agent.model(), started, (System.nanoTime() - startNanos) / 1_000_000);
            throw e;
        } finally {
            deltas.finish(); // the last delta leaves before the step is recorded, so the step follows every delta
        }
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        StoredText stored = new StoredText();
        AiMessage reply = storable(response.aiMessage(), stored);
        TokenUsage tokens = response.tokenUsage();
        long in = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
        long out = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
        usage = usage.plusLlmCall(in, out);
        steps++;
        messages.add(reply);
        recorder.record(new Step("llm", agent.model(), prompt(), stored.noted(History.outputOf(reply)), started, durationMs, in, out));
        return reply;
    }

    /**
     * What is left of {@code max_tokens}, and at most the worker's ceiling: a model that answers at length ends
     * within the budget instead of overrunning it by a whole answer (and no provider is asked for more output
     * than it allows).
     */
    private int outputBudget() {
        return Math.clamp(agent.maxTokens() - usage.totalTokens(), 1, maxOutputTokens);
    }

    /**
     * Makes the call, or pauses the run before it when the agent requires a person's approval for that tool (the
     * model's reply is recorded already; the calls it asked for before this one were made).
     */
    private ToolExecutionResultMessage callTool(ToolExecutionRequest call) {
        if (agent.needsApproval(call.name()) && toolCalls.offers(call.name())) {
            throw new ApprovalRequiredException(call.id(), call.name(), call.arguments());
        }
        usage = usage.plusToolCall();
        steps++;
        return toolCalls.call(call);
    }

    /** An agent call a person approved: the step the decision wrote, and the arguments, maybe the person's edit. */
    private record ApprovedCall(int seq, String arguments) {
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

    /** The reply as it can be stored (and so as a resumed attempt will replay it), NUL removed. */
    private static AiMessage storable(AiMessage reply, StoredText stored) {
        String text = stored.clean(reply.text());
        List<ToolExecutionRequest> calls = reply.toolExecutionRequests().stream()
                .map(call -> ToolExecutionRequest.builder().id(stored.clean(call.id())).name(stored.clean(call.name()))
                        .arguments(stored.clean(call.arguments())).build())
                .toList();
        return stored.changed() ? reply.toBuilder().text(text).toolExecutionRequests(calls).build() : reply;
    }
}
