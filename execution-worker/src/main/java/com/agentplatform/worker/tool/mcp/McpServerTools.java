package com.agentplatform.worker.tool.mcp;

import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolFailedException;
import com.agentplatform.worker.tool.ToolUnavailableException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.time.Duration;
import java.util.List;

/**
 * A tenant's MCP server (streamable HTTP), opened for one run with langchain4j's MCP client: its tools are
 * discovered and offered to the model as {@code <registration>__<tool>}, so two servers (or a server and a built-in)
 * can never shadow each other.
 */
public final class McpServerTools implements AutoCloseable {

    static final String SEPARATOR = "__";

    private final McpClient client;
    private final List<AgentTool> tools;

    private McpServerTools(McpClient client, List<AgentTool> tools) {
        this.client = client;
        this.tools = tools;
    }

    public static McpServerTools open(String registration, String url, Duration timeout) {
        McpClient client = null;
        try {
            client = new DefaultMcpClient.Builder()
                    .key(registration)
                    .clientName("agent-platform")
                    .transport(new StreamableHttpMcpTransport.Builder().url(url).timeout(timeout).build())
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
            throw new ToolUnavailableException("MCP server '" + registration + "' could not be reached: " + e.getMessage(), e);
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

    private record McpTool(String registration, ToolSpecification remote, McpClient client) implements AgentTool {

        @Override
        public ToolSpecification specification() {
            return remote.toBuilder().name(registration + SEPARATOR + remote.name()).build();
        }

        @Override
        public String execute(String argumentsJson) {
            ToolExecutionResult result = client.executeTool(ToolExecutionRequest.builder()
                    .id("mcp").name(remote.name()).arguments(argumentsJson == null ? "{}" : argumentsJson).build());
            if (result.isError()) {
                throw new ToolFailedException(result.resultText());
            }
            return result.resultText();
        }
    }
}
