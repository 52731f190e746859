package com.agentplatform.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.worker.WorkerSettings;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedChatModelTest {

    private static final ChatRequest HELLO = ChatRequest.builder().messages(UserMessage.from("Hello")).build();

    @Test
    void reportsTheConfiguredTokenCounts() {
        ChatResponse response = new SimulatedChatModel(new WorkerSettings.Simulated(Duration.ZERO, null, 1000, 250, 0)).chat(HELLO);

        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(1000);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(250);
        assertThat(response.aiMessage().text()).isEqualTo("Offline model received: Hello");
    }

    @Test
    void failsEveryCallAtAFailureRateOfOneAsATransientProviderFailure() {
        SimulatedChatModel failing = new SimulatedChatModel(new WorkerSettings.Simulated(Duration.ZERO, null, null, null, 1.0));

        assertThatThrownBy(() -> failing.chat(HELLO)).isInstanceOf(TransientModelException.class);
    }

    @Test
    void refusesAFailureRateOutsideZeroToOne() {
        assertThatThrownBy(() -> new WorkerSettings.Simulated(Duration.ZERO, null, null, null, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
