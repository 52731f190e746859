package com.agentplatform.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void anExecutionRequestRoundTripsAsSnakeCaseJson() {
        ExecutionRequested request = ExecutionRequested.of(ExecutionId.newId(), new TenantId(UUID.randomUUID()), 1,
                Instant.parse("2026-01-02T03:04:05.678Z"));

        String json = MessageCodec.encode(request);

        assertThat(json).contains("\"execution_id\"", "\"tenant_id\"", "\"enqueued_at\":\"2026-01-02T03:04:05.678Z\"");
        assertThat(MessageCodec.decodeRequest(json)).isEqualTo(request);
    }

    @Test
    void aNewerProducersExtraFieldsAreIgnored() {
        String json = "{\"version\":2,\"execution_id\":\"" + UUID.randomUUID() + "\",\"tenant_id\":\"" + UUID.randomUUID()
                + "\",\"attempt\":1,\"enqueued_at\":\"2026-01-02T03:04:05Z\",\"priority\":\"high\"}";

        assertThat(MessageCodec.decodeRequest(json).version()).isEqualTo(2);
    }

    @Test
    void poisonRecordsAreMalformedMessages() {
        assertThatThrownBy(() -> MessageCodec.decodeRequest("not json")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decodeRequest("{}")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decodeRequest("{\"execution_id\":\"nope\"}"))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decodeRequest(null)).isInstanceOf(MalformedMessageException.class);
    }
}
