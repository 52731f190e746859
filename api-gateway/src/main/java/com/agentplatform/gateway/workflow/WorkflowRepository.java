package com.agentplatform.gateway.workflow;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.workflow.WorkflowStep;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored workflows; every method takes the tenant first. */
@Repository
class WorkflowRepository {

    static final JsonMapper JSON = JsonMapping.messages();
    static final TypeReference<List<WorkflowStep>> STEPS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    WorkflowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count(TenantId tenant) {
        return jdbc.sql("select count(*) from workflows where tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Long.class)
                .single();
    }

    void insert(Workflow w) {
        jdbc.sql("""
                insert into workflows (id, tenant_id, name, description, input_schema, steps, created_at, updated_at)
                values (:id, :tenant, :name, :description, cast(:schema as jsonb), cast(:steps as jsonb), :created, :created)""")
                .param("id", w.id())
                .param("tenant", w.tenant().value())
                .param("name", w.name())
                .param("description", w.description(), Types.VARCHAR)
                .param("schema", w.inputSchema() == null ? null : JSON.writeValueAsString(w.inputSchema()), Types.VARCHAR)
                .param("steps", JSON.writeValueAsString(w.steps()))
                .param("created", timestamp(w.createdAt()))
                .update();
    }

    boolean update(Workflow w) {
        return jdbc.sql("""
                update workflows set name = :name, description = :description, input_schema = cast(:schema as jsonb),
                       steps = cast(:steps as jsonb), updated_at = :updated
                where tenant_id = :tenant and id = :id""")
                .param("id", w.id())
                .param("tenant", w.tenant().value())
                .param("name", w.name())
                .param("description", w.description(), Types.VARCHAR)
                .param("schema", w.inputSchema() == null ? null : JSON.writeValueAsString(w.inputSchema()), Types.VARCHAR)
                .param("steps", JSON.writeValueAsString(w.steps()))
                .param("updated", timestamp(w.updatedAt()))
                .update() == 1;
    }

    boolean delete(TenantId tenant, UUID id) {
        return jdbc.sql("delete from workflows where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
    }

    Optional<Workflow> find(TenantId tenant, UUID id) {
        return jdbc.sql("select * from workflows where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(WorkflowRepository::workflow)
                .optional();
    }

    /** Newest first, one row more than {@code limit}; {@code after} is the last id of the previous page. */
    List<Workflow> list(TenantId tenant, UUID after, int limit) {
        return jdbc.sql("""
                select * from workflows where tenant_id = :tenant and (cast(:after as uuid) is null or id < :after)
                order by id desc limit :limit""")
                .param("tenant", tenant.value())
                .param("after", after, Types.OTHER)
                .param("limit", limit + 1)
                .query(WorkflowRepository::workflow)
                .list();
    }

    private static Workflow workflow(ResultSet rs, int row) throws SQLException {
        String schema = rs.getString("input_schema");
        return new Workflow(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("name"), rs.getString("description"), schema == null ? null : JSON.readValue(schema, MAP),
                JSON.readValue(rs.getString("steps"), STEPS), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
