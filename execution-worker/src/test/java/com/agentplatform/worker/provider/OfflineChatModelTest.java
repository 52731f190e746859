package com.agentplatform.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfflineChatModelTest {

    private static final ToolSpecification CALCULATOR = ToolSpecification.builder().name("calculator").build();

    private final OfflineChatModel model = new OfflineChatModel();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "What is 17 * 23 + 4?|17 * 23 + 4",
            "Compute (2 + 3) * 4, please.|(2 + 3) * 4",
            "how much is 10/4|10/4",
            "(see 2+2)|2+2",
    })
    void findsTheArithmeticInAQuestion(String question, String expression) {
        assertThat(OfflineChatModel.arithmeticIn(question)).isEqualTo(expression);
    }

    @Test
    void asksTheCalculatorWhenItMayAndThenAnswersWithItsResult() {
        UserMessage question = UserMessage.from("What is 6 * 7?");
        ChatResponse first = model.chat(ChatRequest.builder().messages(question).toolSpecifications(CALCULATOR).build());

        assertThat(first.aiMessage().toolExecutionRequests()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("calculator");
            assertThat(call.arguments()).isEqualTo("{\"expression\":\"6 * 7\"}");
        });

        ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().getFirst();
        ChatResponse second = model.chat(ChatRequest.builder()
                .messages(List.of(question, first.aiMessage(), ToolExecutionResultMessage.from(call, "42")))
                .toolSpecifications(CALCULATOR)
                .build());

        assertThat(second.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(second.aiMessage().text()).isEqualTo("The answer is 42.");
        assertThat(second.tokenUsage().inputTokenCount()).isGreaterThan(first.tokenUsage().inputTokenCount());
    }

    @Test
    void answersWhatWasSaidFirstFromTheConversationItIsGiven() {
        ChatResponse response = model.chat(ChatRequest.builder().messages(List.of(
                UserMessage.from("My favourite colour is teal."), AiMessage.from("Noted."),
                UserMessage.from("The weather is fine."), AiMessage.from("Good."),
                UserMessage.from("What did I say first?"))).build());

        assertThat(response.aiMessage().text()).isEqualTo("You first said: My favourite colour is teal.");
    }

    @Test
    void callsANamedToolWithTheGivenArgumentsWhenItIsOffered() {
        ToolSpecification lookup = ToolSpecification.builder().name("docs__lookup").build();
        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(UserMessage.from("Please call docs__lookup with {\"word\": \"apple\"}"))
                .toolSpecifications(lookup)
                .build());

        assertThat(response.aiMessage().toolExecutionRequests()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("docs__lookup");
            assertThat(call.arguments()).isEqualTo("{\"word\": \"apple\"}");
        });
    }

    @Test
    void neverCallsAToolTheRequestDoesNotOffer() {
        ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from("What is 6 * 7?")).build());

        assertThat(response.aiMessage()).isEqualTo(AiMessage.from("Offline model received: What is 6 * 7?"));
    }

    @Test
    void answersTheSameConversationTheSameWay() {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("What is 1 + 1?")).toolSpecifications(CALCULATOR).build();

        assertThat(model.chat(request)).isEqualTo(model.chat(request));
    }
}
