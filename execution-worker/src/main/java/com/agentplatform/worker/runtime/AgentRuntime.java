package com.agentplatform.worker.runtime;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.provider.ChatModels;
import com.agentplatform.worker.provider.StreamableModel;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolRegistry;
import com.agentplatform.worker.tool.ToolUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The agent loop: ask the model, run the tools it calls, feed their results back, until it answers in text. Every
 * LLM and tool call is a recorded step; {@code max_steps}, {@code timeout_seconds} and {@code max_tokens} are
 * checked at every step boundary, and each model call may produce at most what is left of {@code max_tokens}. The
 * model only ever sees the tools the agent allows. Output is recorded as PostgreSQL can store it ({@link StoredText}).
 * A call of a tool the agent's {@code require_approval} names pauses the run before it is made
 * ({@link ApprovalRequiredException}); the attempt that resumes after the decision makes the approved call, or gives
 * the model the rejection, from the recorded steps, and asks the model nothing it asked before. The agent's
 * {@code agents} are offered as tools too ({@link CallableAgent}); the model's calls of them pause the run while each
 * runs as a child execution ({@link DelegationRequiredException}), and the attempt that resumes reads their results
 * from the steps their ends completed.
 */
@Component
public class AgentRuntime {

    /** The most output tokens one model call asks for when the worker's settings say nothing (tests). */
    static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    private final ChatModels models;
    private final ToolRegistry tools;
    private final Clock clock;
    private final int maxOutputTokens;
    private final AgentDirectory directory;

    @Autowired
    public AgentRuntime(ChatModels models, ToolRegistry tools, Clock clock, WorkerSettings settings, AgentDirectory directory) {
        this(models, tools, clock, settings.providers().maxOutputTokens(), directory);
    }

    public AgentRuntime(ChatModels models, ToolRegistry tools, Clock clock, int maxOutputTokens, AgentDirectory directory) {
        this.models = models;
        this.tools = tools;
        this.clock = clock;
        this.maxOutputTokens = maxOutputTokens;
        this.directory = directory;
    }

    public AgentRuntime(ChatModels models, ToolRegistry tools, Clock clock, int maxOutputTokens) {
        this(models, tools, clock, maxOutputTokens, AgentDirectory.NONE);
    }

    public AgentRuntime(ChatModels models, ToolRegistry tools, Clock clock) {
        this(models, tools, clock, DEFAULT_MAX_OUTPUT_TOKENS);
    }

    /** A run outside any tenant (tests of the loop itself): only built-in tools. */
    public Outcome run(AgentSpec agent, String input, StepRecorder recorder) {
        return run(new ToolContext(null, null), agent, input, recorder);
    }

    public Outcome run(ToolContext context, AgentSpec agent, String input, StepRecorder recorder) {
        return run(context, agent, input, History.NONE, recorder);
    }

    /**
     * Runs, or goes on with, an agent. With a history (the steps an earlier attempt recorded) the conversation is
     * rebuilt from it and continues where that attempt stopped: no LLM or tool call it completed is made again.
     */
    public Outcome run(ToolContext context, AgentSpec agent, String input, History history, StepRecorder recorder) {
        Optional<StreamableModel> model = models.find(agent.model());
        if (model.isEmpty()) {
            return new Outcome.Failed(FailureCode.UNKNOWN_MODEL, "model '" + agent.model() + "' is not available on this worker", Usage.NONE);
        }
        try (ToolRegistry.Resolved allowed = resolveTools(context, agent)) {
            if (allowed.missing() != null) {
                return new Outcome.Failed(FailureCode.UNKNOWN_TOOL, "tool '" + allowed.missing() + "' is not available", Usage.NONE);
            }
            // timeout_seconds bounds the execution, not each attempt: a crash does not buy it more time. (Time spent
            // waiting for a person is not counted: the history's start is shifted by it.)
            Instant start = history.startedAt() != null ? history.startedAt() : clock.instant();
            return new AgentRun(agent, model.get(), allowed.tools(), callable(context, agent, allowed.tools()),
                    new ToolCalls(context, allowed.tools(), recorder, clock), recorder,
                    start.plusSeconds(agent.timeoutSeconds()), clock, maxOutputTokens).execute(input, history);
        } catch (ToolUnavailableException e) {
            return new Outcome.Failed(FailureCode.TOOL_UNAVAILABLE, StoredText.withoutNul(e.getMessage()), Usage.NONE);
        }
    }

    /** The agents the run may call, by tool name; a name one of its tools has already stays that tool's. */
    private Map<String, CallableAgent> callable(ToolContext context, AgentSpec agent, List<AgentTool> allowed) {
        Map<String, CallableAgent> callable = new LinkedHashMap<>();
        if (agent.agents().isEmpty() || context.tenant() == null) {
            return callable;
        }
        Set<String> taken = new HashSet<>();
        allowed.forEach(tool -> taken.add(tool.name()));
        for (CallableAgent other : directory.callable(context, agent.agents())) {
            if (taken.add(other.tool())) {
                callable.put(other.tool(), other);
            }
        }
        return callable;
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
}
