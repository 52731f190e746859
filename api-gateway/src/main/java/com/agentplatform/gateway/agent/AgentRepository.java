package com.agentplatform.gateway.agent;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored agents; every method takes the tenant first. */
@Repository
public class AgentRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    AgentRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    AgentView insert(TenantId tenant, UUID id, String description, AgentSpec spec) {
        Instant now = clock.instant();
        jdbc.sql("""
                insert into agents (id, tenant_id, name, description, instructions, model, tools, max_steps,
                                    timeout_seconds, max_tokens, created_at, updated_at, require_approval,
                                    approval_timeout_seconds, history_tokens, agents)
                values (:id, :tenant, :name, :description, :instructions, :model, :tools, :maxSteps, :timeout,
                        :maxTokens, :now, :now, :requireApproval, :approvalTimeout, :historyTokens, :agents)""")
                .paramSource(fields(tenant, id, description, spec, now))
                .update();
        return find(tenant, id).orElseThrow();
    }

    Optional<AgentView> replace(TenantId tenant, UUID id, String description, AgentSpec spec) {
        int updated = jdbc.sql("""
                update agents set name = :name, description = :description, instructions = :instructions,
                    model = :model, tools = :tools, max_steps = :maxSteps, timeout_seconds = :timeout,
                    max_tokens = :maxTokens, updated_at = :now, require_approval = :requireApproval,
                    approval_timeout_seconds = :approvalTimeout, history_tokens = :historyTokens, agents = :agents
                where tenant_id = :tenant and id = :id""")
                .paramSource(fields(tenant, id, description, spec, clock.instant()))
                .update();
        return updated == 1 ? find(tenant, id) : Optional.empty();
    }

    public Optional<AgentView> find(TenantId tenant, UUID id) {
        return jdbc.sql("select * from agents where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(AgentRepository::view)
                .optional();
    }

    /** Newest first; {@code after} is the last id of the previous page; one row more than {@code limit}. */
    List<AgentView> list(TenantId tenant, String tool, UUID after, int limit) {
        return jdbc.sql("""
                select * from agents
                where tenant_id = :tenant
                  and (cast(:tool as text) is null or :tool = any(tools))
                  and (cast(:after as uuid) is null or id < :after)
                order by id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("tool", tool, java.sql.Types.VARCHAR)
                .param("after", after, java.sql.Types.OTHER)
                .param("limit", limit + 1)
                .query(AgentRepository::view)
                .list();
    }

    boolean delete(TenantId tenant, UUID id) {
        return jdbc.sql("delete from agents where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
    }

    private static MapSqlParameterSource fields(TenantId tenant, UUID id, String description, AgentSpec spec, Instant now) {
        MapSqlParameterSource fields = new MapSqlParameterSource()
                .addValue("tenant", tenant.value())
                .addValue("id", id)
                .addValue("now", timestamp(now))
                .addValue("description", description, Types.VARCHAR)
                .addValue("instructions", spec.instructions(), Types.VARCHAR);
        fields.addValue("name", spec.name());
        fields.addValue("model", spec.model());
        fields.addValue("tools", spec.tools().toArray(String[]::new));
        fields.addValue("maxSteps", spec.maxSteps());
        fields.addValue("timeout", spec.timeoutSeconds());
        fields.addValue("maxTokens", spec.maxTokens());
        fields.addValue("requireApproval", spec.requireApproval().toArray(String[]::new));
        fields.addValue("approvalTimeout", spec.approvalTimeoutSeconds());
        fields.addValue("historyTokens", spec.historyTokens());
        fields.addValue("agents", spec.agents().stream().map(UUID::fromString).toArray(UUID[]::new));
        return fields;
    }

    private static AgentView view(ResultSet rs, int row) throws SQLException {
        Array tools = rs.getArray("tools");
        Array requireApproval = rs.getArray("require_approval");
        Array agents = rs.getArray("agents");
        int approvalTimeout = rs.getInt("approval_timeout_seconds");
        return new AgentView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("instructions"),
                rs.getString("model"),
                tools == null ? List.of() : Arrays.asList((String[]) tools.getArray()),
                rs.getInt("max_steps"),
                rs.getInt("timeout_seconds"),
                rs.getLong("max_tokens"),
                // null (read as 0) for agents stored before threads: the default budget
                rs.getInt("history_tokens") == 0 ? AgentSpec.DEFAULT_HISTORY_TOKENS : rs.getInt("history_tokens"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                requireApproval == null ? List.of() : Arrays.asList((String[]) requireApproval.getArray()),
                approvalTimeout > 0 ? approvalTimeout : AgentSpec.DEFAULT_APPROVAL_TIMEOUT_SECONDS,
                agents == null ? List.of() : Arrays.asList((UUID[]) agents.getArray()));
    }

    /** The snapshot an execution of this agent runs. */
    public static AgentSpec snapshot(AgentView agent) {
        return new AgentSpec(agent.name(), agent.instructions(), agent.model(), agent.tools(), agent.maxSteps(),
                agent.timeoutSeconds(), agent.maxTokens(), agent.requireApproval(), agent.approvalTimeoutSeconds(),
                agent.historyTokens(), agent.agents().stream().map(UUID::toString).toList());
    }
}
