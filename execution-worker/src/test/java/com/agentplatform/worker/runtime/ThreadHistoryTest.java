package com.agentplatform.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadHistoryTest {

    private static final Map<String, Object> CALL = Map.of("id", "call_1", "name", "calculator", "arguments", "{}");

    @Test
    void aToolResultWhoseCallWasTrimmedAwayIsLeftOut() {
        List<ChatMessage> messages = ThreadHistory.toMessages(List.of(
                new EarlierMessage("tool", "4", List.of(), "call_1"),
                new EarlierMessage("assistant", "The answer is 4.", List.of(), null),
                new EarlierMessage("user", "thanks", List.of(), null)));

        assertThat(messages).extracting(message -> message.getClass().getSimpleName())
                .containsExactly("AiMessage", "UserMessage");
    }

    @Test
    void aCallWhoseRunStoppedBeforeItsResultKeepsOnlyItsText() {
        List<ChatMessage> messages = ThreadHistory.toMessages(List.of(
                new EarlierMessage("user", "add two and two", List.of(), null),
                new EarlierMessage("assistant", null, List.of(CALL), null),
                new EarlierMessage("user", "never mind", List.of(), null)));

        assertThat(messages).containsExactly(UserMessage.from("add two and two"), UserMessage.from("never mind"));
    }

    @Test
    void aCallAndItsResultStayTogether() {
        List<ChatMessage> messages = ThreadHistory.toMessages(List.of(
                new EarlierMessage("user", "add two and two", List.of(), null),
                new EarlierMessage("assistant", null, List.of(CALL), null),
                new EarlierMessage("tool", "4", List.of(), "call_1"),
                new EarlierMessage("assistant", "The answer is 4.", List.of(), null)));

        assertThat(messages).hasSize(4);
        assertThat(((AiMessage) messages.get(1)).toolExecutionRequests()).singleElement()
                .satisfies(call -> assertThat(call.name()).isEqualTo("calculator"));
        assertThat(((ToolExecutionResultMessage) messages.get(2)).toolName()).isEqualTo("calculator");
    }
}
