package com.agentplatform.worker.provider;

import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.workflow.ToolStepModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The "model" of a workflow's tool step ({@value ToolStepModel#NAME}): no model at all. Its input is
 * {@code {"tool": ..., "arguments": {...}}}; the first turn asks for exactly that call, the second answers with the
 * tool's output, or fails the execution with {@code TOOL_FAILED} when the tool answered with an error. Because the
 * call is an ordinary tool call of the runtime, it gets the address policy, deadline, intent step and
 * {@code Idempotency-Key} every tool call gets. No tokens are used.
 */
final class ToolStepChatModel implements StreamableModel {

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        AiMessage answer;
        if (messages.getLast() instanceof ToolExecutionResultMessage result) {
            if (Boolean.TRUE.equals(result.isError())) {
                throw new PermanentModelException(FailureCode.TOOL_FAILED,
                        "tool " + result.toolName() + " failed: " + result.text(), null);
            }
            answer = AiMessage.from(result.text());
        } else {
            answer = AiMessage.from(call(messages));
        }
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(ToolStepModel.NAME)
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .tokenUsage(new TokenUsage(0, 0))
                .build();
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenSink tokens) {
        return chat(request);
    }

    private static ToolExecutionRequest call(List<ChatMessage> messages) {
        String input = messages.stream()
                .filter(message -> message instanceof UserMessage user && user.hasSingleText())
                .map(message -> ((UserMessage) message).singleText())
                .reduce((first, last) -> last)
                .orElse("");
        try {
            JsonNode call = JsonMapping.messages().readTree(input);
            return ToolExecutionRequest.builder().id("call_1").name(call.path("tool").asString())
                    .arguments(call.path("arguments").toString()).build();
        } catch (JacksonException e) {
            throw new PermanentModelException(FailureCode.TOOL_FAILED, "a tool step's input is not a tool call", e);
        }
    }
}
