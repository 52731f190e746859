package com.agentplatform.gateway.schedule;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.gateway.agent.AgentBody;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Schedules and the executions they made; every method of the API side takes the tenant first. */
@Repository
class ScheduleRepository {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    ScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }


    long count(TenantId tenant) {
        return jdbc.sql("select count(*) from schedules where tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Long.class)
                .single();
    }

    void insert(Schedule s) {
        jdbc.sql("""
                insert into schedules (id, tenant_id, cron, timezone, agent_id, agent, input, metadata, enabled, overlap,
                                       next_run_at, created_at, updated_at)
                values (:id, :tenant, :cron, :timezone, :agentId, cast(:agent as jsonb), :input, cast(:metadata as jsonb),
                        :enabled, :overlap, :next, :created, :created)""")
                .paramSource(columns(s))
                .update();
    }

    /** Writes what a PATCH may change; false when the tenant has no such schedule. */
    boolean update(Schedule s) {
        return jdbc.sql("""
                update schedules set cron = :cron, timezone = :timezone, agent_id = :agentId, agent = cast(:agent as jsonb),
                       input = :input, metadata = cast(:metadata as jsonb), enabled = :enabled, overlap = :overlap,
                       next_run_at = :next, updated_at = :updated
                where tenant_id = :tenant and id = :id""")
                .paramSource(columns(s))
                .update() == 1;
    }

    /** A schedule's columns as both statements name them ({@code created} for an insert, {@code updated} for an update). */
    private static MapSqlParameterSource columns(Schedule s) {
        return new MapSqlParameterSource()
                .addValue("id", s.id())
                .addValue("tenant", s.tenant().value())
                .addValue("cron", s.cron())
                .addValue("timezone", s.timezone())
                .addValue("agentId", s.agentId(), Types.OTHER)
                .addValue("agent", s.agent() == null ? null : JSON.writeValueAsString(s.agent()), Types.VARCHAR)
                .addValue("input", s.input())
                .addValue("metadata", s.metadata() == null ? null : JSON.writeValueAsString(s.metadata()), Types.VARCHAR)
                .addValue("enabled", s.enabled())
                .addValue("overlap", s.overlap())
                .addValue("next", timestamp(s.nextRunAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("created", timestamp(s.createdAt()))
                .addValue("updated", timestamp(s.updatedAt()));
    }

    Optional<Schedule> find(TenantId tenant, UUID id) {
        return jdbc.sql("select * from schedules where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(ScheduleRepository::toSchedule)
                .optional();
    }

    /** The row, locked until the transaction ends (a trigger and a tick of one schedule take turns). */
    Optional<Schedule> lock(TenantId tenant, UUID id) {
        return jdbc.sql("select * from schedules where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(ScheduleRepository::toSchedule)
                .optional();
    }

    /** Newest first, one row more than {@code limit}. */
    List<Schedule> list(TenantId tenant, UUID after, int limit) {
        return jdbc.sql("""
                select * from schedules
                where tenant_id = :tenant and (cast(:after as uuid) is null or id < :after)
                order by id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("after", after, Types.OTHER)
                .param("limit", limit + 1)
                .query(ScheduleRepository::toSchedule)
                .list();
    }

    boolean delete(TenantId tenant, UUID id) {
        boolean deleted = jdbc.sql("delete from schedules where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
        if (deleted) {
            jdbc.sql("delete from schedule_executions where tenant_id = :tenant and schedule_id = :id")
                    .param("tenant", tenant.value())
                    .param("id", id)
                    .update();
        }
        return deleted;
    }

    /**
     * Due enabled schedules, oldest tick first, locked until the transaction ends; rows another gateway's round holds
     * are skipped, not waited for: that round fires them.
     */
    List<Schedule> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                select * from schedules
                where enabled and next_run_at <= :now
                order by next_run_at
                limit :limit
                for update skip locked""")
                .param("now", timestamp(now))
                .param("limit", limit)
                .query(ScheduleRepository::toSchedule)
                .list();
    }

    /**
     * Claims tick {@code due}: moves {@code next_run_at} on only if it still is {@code due}, so a tick is claimed once
     * even by a round that read the row before another committed.
     */
    boolean advance(UUID id, Instant due, Instant next, UUID lastExecution, Instant now) {
        return jdbc.sql("""
                update schedules set next_run_at = :next, last_execution_id = coalesce(:last, last_execution_id),
                       updated_at = :now
                where id = :id and next_run_at = :due""")
                .param("id", id)
                .param("due", timestamp(due))
                .param("next", timestamp(next), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("last", lastExecution, Types.OTHER)
                .param("now", timestamp(now))
                .update() == 1;
    }

    /** A manual trigger's execution becomes the schedule's latest. */
    void setLastExecution(UUID id, UUID execution) {
        jdbc.sql("update schedules set last_execution_id = :execution where id = :id")
                .param("id", id)
                .param("execution", execution)
                .update();
    }

    void recordExecution(Schedule schedule, UUID execution, Instant tick) {
        jdbc.sql("""
                insert into schedule_executions (schedule_id, execution_id, tenant_id, tick)
                values (:schedule, :execution, :tenant, :tick)""")
                .param("schedule", schedule.id())
                .param("execution", execution)
                .param("tenant", schedule.tenant().value())
                .param("tick", timestamp(tick), Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
    }

    /** Whether the execution is still queued, running or waiting (overlap "skip" holds the next tick back). */
    boolean isActive(TenantId tenant, UUID execution) {
        return jdbc.sql("""
                select exists (select 1 from executions
                               where tenant_id = :tenant and id = :id and status in ('queued', 'running', 'waiting'))""")
                .param("tenant", tenant.value())
                .param("id", execution)
                .query(Boolean.class)
                .single();
    }

    private static Schedule toSchedule(ResultSet rs, int row) throws SQLException {
        String agent = rs.getString("agent");
        String metadata = rs.getString("metadata");
        return new Schedule(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("cron"), rs.getString("timezone"), rs.getObject("agent_id", UUID.class),
                agent == null ? null : JSON.readValue(agent, AgentBody.class), rs.getString("input"),
                metadata == null ? null : JSON.readValue(metadata, MAP), rs.getBoolean("enabled"), rs.getString("overlap"),
                instant(rs, "next_run_at"), rs.getObject("last_execution_id", UUID.class), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
