package com.agentplatform.gateway.schedule;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.execution.ScheduledSubmits;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.tenant.TenantLocks;
import com.agentplatform.gateway.web.ApiException.FieldError;
import com.agentplatform.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating, reading, changing and deleting schedules; their ticks are fired by {@link ScheduleFiring}. */
@Service
class ScheduleService {

    private final ScheduleRepository schedules;
    private final TenantLocks tenantLocks;
    private final ScheduledSubmits submits;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final GatewaySettings.Schedules limits;

    ScheduleService(ScheduleRepository schedules, ScheduledSubmits submits, TransactionTemplate transactions, Clock clock,
            GatewaySettings settings, TenantLocks tenantLocks) {
        this.tenantLocks = tenantLocks;
        this.schedules = schedules;
        this.submits = submits;
        this.transactions = transactions;
        this.clock = clock;
        this.limits = settings.schedules();
    }

    /** A new schedule; past the tenant's bound, 429 (counted under the tenant's lock, so exact across gateways). */
    ScheduleView create(AuthenticatedTenant tenant, ScheduleBody body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Schedule schedule = checked(tenant.id(), new Schedule(UuidV7.next(), tenant.id(), body.cron(), body.timezone(),
                body.agentId(), body.agent(), body.input(), body.metadata(), body.enabled() == null || body.enabled(),
                body.overlap(), null, null, now, now), now);
        transactions.executeWithoutResult(status -> {
            tenantLocks.lock(tenant.id());
            long existing = schedules.count(tenant.id());
            if (existing >= limits.maxPerTenant()) {
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "SCHEDULE_LIMIT_EXCEEDED", "tenant has " + existing
                        + " schedules, the most it may have (" + limits.maxPerTenant() + "); delete some first");
            }
            schedules.insert(schedule);
        });
        return schedule.view();
    }

    ScheduleView get(AuthenticatedTenant tenant, UUID id) {
        return find(tenant.id(), id).view();
    }

    List<ScheduleView> list(AuthenticatedTenant tenant, UUID after, int limit) {
        return schedules.list(tenant.id(), after, limit).stream().map(Schedule::view).toList();
    }

    /**
     * Changes the fields given. A new cron or time zone, or a resume, plans the next tick from now: ticks missed while
     * paused do not run.
     */
    ScheduleView update(AuthenticatedTenant tenant, UUID id, ScheduleBody body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Schedule updated = transactions.execute(status -> {
            Schedule old = schedules.lock(tenant.id(), id).orElseThrow(() -> ApiException.notFound("schedule " + id));
            boolean agentGiven = body.agentId() != null || body.agent() != null;
            Schedule merged = checked(tenant.id(), new Schedule(id, tenant.id(), or(body.cron(), old.cron()),
                    or(body.timezone(), old.timezone()), agentGiven ? body.agentId() : old.agentId(),
                    agentGiven ? body.agent() : old.agent(), or(body.input(), old.input()), or(body.metadata(), old.metadata()),
                    or(body.enabled(), old.enabled()), or(body.overlap(), old.overlap()), null, old.lastExecutionId(),
                    old.createdAt(), now), now);
            boolean replan = body.cron() != null || body.timezone() != null || (merged.enabled() && !old.enabled());
            Schedule result = replan ? merged : withNext(merged, old.nextRunAt());
            schedules.update(result);
            return result;
        });
        return updated.view();
    }

    void delete(AuthenticatedTenant tenant, UUID id) {
        if (!transactions.execute(status -> schedules.delete(tenant.id(), id))) {
            throw ApiException.notFound("schedule " + id);
        }
    }

    Schedule find(TenantId tenant, UUID id) {
        return schedules.find(tenant, id).orElseThrow(() -> ApiException.notFound("schedule " + id));
    }

    /**
     * The schedule with its fields checked (the agent and input exactly as a submit checks them), its overlap
     * defaulted and its next tick planned after {@code now}; 400 with every field at fault otherwise.
     */
    private Schedule checked(TenantId tenant, Schedule s, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        Cron cron = null;
        String zone = null;
        try {
            zone = Cron.zone(s.timezone()).getId();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("timezone", e.getMessage()));
        }
        try {
            cron = new Cron(Cron.parse(s.cron()), zone == null ? Cron.zone(null) : Cron.zone(zone));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("cron", e.getMessage()));
        }
        Instant next = cron == null ? null : cron.next(now);
        if (cron != null && next == null) {
            errors.add(new FieldError("cron", "has no tick after now"));
        }
        String overlap = s.overlap() == null ? Schedule.SKIP : s.overlap();
        if (!Schedule.SKIP.equals(overlap) && !Schedule.ALLOW.equals(overlap)) {
            errors.add(new FieldError("overlap", "must be \"skip\" or \"allow\""));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        submits.resolve(tenant, s.agentId(), s.agent(), s.input(), s.metadata());
        return new Schedule(s.id(), tenant, s.cron().trim(), zone, s.agentId(), s.agent(), s.input(), s.metadata(),
                s.enabled(), overlap, next, s.lastExecutionId(), s.createdAt(), s.updatedAt());
    }

    private static Schedule withNext(Schedule s, Instant next) {
        return new Schedule(s.id(), s.tenant(), s.cron(), s.timezone(), s.agentId(), s.agent(), s.input(), s.metadata(),
                s.enabled(), s.overlap(), next, s.lastExecutionId(), s.createdAt(), s.updatedAt());
    }

    private static <T> T or(T given, T old) {
        return given != null ? given : old;
    }
}
