package com.agentplatform.gateway.execution;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Executions as the gateway reads and creates them; every method takes the tenant first. */
@Repository
public class ExecutionRepository {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    ExecutionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertQueued(TenantId tenant, ExecutionId id, UUID agentId, AgentSpec agent, String input,
            Map<String, Object> metadata, int maxAttempts, Instant now) {
        jdbc.sql("""
                insert into executions (id, tenant_id, agent_id, agent, input, model, metadata, status, attempt,
                                        max_attempts, last_event_seq, created_at, updated_at)
                values (:id, :tenant, :agentId, cast(:agent as jsonb), :input, :model, cast(:metadata as jsonb),
                        'queued', 0, :maxAttempts, 1, :now, :now)""")
                .param("id", id.value())
                .param("tenant", tenant.value())
                .param("agentId", agentId)
                .param("agent", JSON.writeValueAsString(agent))
                .param("input", input)
                .param("model", agent.model())
                .param("metadata", metadata == null ? null : JSON.writeValueAsString(metadata))
                .param("maxAttempts", maxAttempts)
                .param("now", timestamp(now))
                .update();
    }

    public Optional<ExecutionView> find(TenantId tenant, ExecutionId id) {
        return jdbc.sql("select * from executions where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query(ExecutionRepository::toView)
                .optional();
    }

    /** The current status, or empty when the execution is not this tenant's. */
    public Optional<ExecutionStatus> status(TenantId tenant, ExecutionId id) {
        return jdbc.sql("select status from executions where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query(String.class)
                .optional()
                .map(ExecutionStatus::fromWireName);
    }

    private static ExecutionView toView(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String errorCode = rs.getString("error_code");
        String metadata = rs.getString("metadata");
        return new ExecutionView(
                id,
                rs.getObject("agent_id", UUID.class),
                rs.getString("status"),
                rs.getString("input"),
                rs.getString("model"),
                rs.getString("result"),
                errorCode == null ? null : new ExecutionView.Error(errorCode, rs.getString("error_message")),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                new ExecutionView.Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getInt("llm_calls"), rs.getInt("tool_calls")),
                metadata == null ? null : JSON.readValue(metadata, MAP),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                ExecutionView.Links.of(id));
    }
}
