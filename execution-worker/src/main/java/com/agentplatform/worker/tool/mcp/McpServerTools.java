package com.agentplatform.worker.tool.mcp;

import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolFailedException;
import com.agentplatform.worker.tool.ToolText;
import com.agentplatform.worker.tool.ToolUnavailableException;
import com.agentplatform.worker.tool.http.HttpFetchException;
import com.agentplatform.worker.tool.http.RefusedUrlException;
import com.agentplatform.worker.tool.http.SafeHttpClient;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.time.Duration;
import java.util.List;

/**
 * A tenant's MCP server (streamable HTTP), opened for one run with langchain4j's MCP client over
 * {@link SafeMcpTransport} (so over the same SSRF-safe, size-capped, deadline-bound client as the http tools): its
 * tools are discovered and offered to the model as {@code <registration>__<tool>}, so two servers (or a server and a
 * built-in) can never shadow each other. An MCP tool may do anything, so every call counts as one with side effects:
 * recorded as an intent first, sent with an idempotency key. Results are capped like any tool's.
 */
public final class McpServerTools implements AutoCloseable {

    static final String SEPARATOR = "__";

    private final McpClient client;
    private final List<AgentTool> tools;

    private McpServerTools(McpClient client, List<AgentTool> tools) {
        this.client = client;
        this.tools = tools;
    }

    /**
     * Connects, initializes and lists the server's tools.
     *
     * @throws ToolUnavailableException when the server is refused (an internal address), does not answer in time or
     *                                  does not speak MCP
     */
    public static McpServerTools open(String registration, String url, Duration timeout, SafeHttpClient http) {
        McpClient client = null;
        try {
            client = new DefaultMcpClient.Builder()
                    .key(registration)
                    .clientName("agent-platform")
                    .transport(new SafeMcpTransport(url, http, timeout))
                    .initializationTimeout(timeout)
                    .toolExecutionTimeout(timeout)
                    .autoHealthCheck(false)
                    .build();
            McpClient opened = client;
            List<AgentTool> tools = client.listTools().stream()
                    .<AgentTool>map(specification -> new McpTool(registration, specification, opened))
                    .toList();
            return new McpServerTools(client, tools);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new ToolUnavailableException("MCP server '" + registration + "' could not be reached: " + reason(e), e);
        }
    }

    public List<AgentTool> tools() {
        return tools;
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(McpClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (Exception ignored) {
                // the connection is gone either way
            }
        }
    }

    /** Why a call failed, in words for the model or the run's error: a refusal or fetch failure if there was one. */
    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedUrlException refused) {
                return "the request was refused: " + refused.reason();
            }
            if (cause instanceof HttpFetchException | cause instanceof SafeMcpTransport.McpTransportException) {
                return cause.getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
    }

    private record McpTool(String registration, ToolSpecification remote, McpClient client) implements AgentTool {

        @Override
        public ToolSpecification specification() {
            return remote.toBuilder().name(registration + SEPARATOR + remote.name()).build();
        }

        @Override
        public String execute(String argumentsJson) {
            return execute(new ToolContext(null, null), argumentsJson);
        }

        @Override
        public String execute(ToolContext context, String argumentsJson) {
            ToolExecutionResult result;
            try {
                result = client.executeTool(ToolExecutionRequest.builder()
                        .id("mcp").name(remote.name()).arguments(argumentsJson == null ? "{}" : argumentsJson).build(),
                        invocation(context));
            } catch (RuntimeException e) {
                throw new ToolFailedException("the MCP server failed: " + reason(e));
            }
            String text = ToolText.cap(String.valueOf(result.resultText()), ToolText.MAX_CHARS);
            if (result.isError()) {
                throw new ToolFailedException(text);
            }
            return text;
        }

        /** Whatever an MCP tool does is unknown here; it may write. */
        @Override
        public boolean hasSideEffects() {
            return true;
        }

        private static InvocationContext invocation(ToolContext context) {
            InvocationParameters parameters = new InvocationParameters();
            if (context.idempotencyKey() != null) {
                parameters.put(SafeMcpTransport.IDEMPOTENCY_KEY, context.idempotencyKey());
            }
            return InvocationContext.builder().methodArguments(List.of()).invocationParameters(parameters).build();
        }
    }
}
