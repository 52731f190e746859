package com.agentplatform.gateway.schedule;

import com.agentplatform.gateway.execution.ExecutionRepository;
import com.agentplatform.gateway.execution.ExecutionView;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.Page;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Schedules")
class ScheduleController {

    private final ScheduleService schedules;
    private final ScheduleFiring firing;
    private final ExecutionRepository executions;

    ScheduleController(ScheduleService schedules, ScheduleFiring firing, ExecutionRepository executions) {
        this.schedules = schedules;
        this.firing = firing;
        this.executions = executions;
    }

    @Operation(operationId = "createSchedule", summary = "Run an agent on a cron schedule",
            description = "`cron` has 5 fields (minute hour day-of-month month day-of-week) or 6 (a seconds field first), "
                    + "as Spring's CronExpression reads them, evaluated in `timezone` (an IANA zone, default UTC). The agent "
                    + "and input are checked as `POST /v1/executions` checks them. Each tick makes one execution with "
                    + "`metadata.schedule_id` and `metadata.schedule_tick`; ticks missed while the platform was down run "
                    + "once. With `overlap: \"skip\"` (default) a tick is skipped while the previous run is still active.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = {
                    @ExampleObject(name = "morning report", summary = "Weekdays at 07:30 Berlin time, a stored agent",
                            value = "{\"cron\": \"30 7 * * MON-FRI\", \"timezone\": \"Europe/Berlin\", "
                                    + "\"agent_id\": \"0193a5b0-7c1e-7000-8000-0000000000aa\", \"input\": \"Write the morning report\"}"),
                    @ExampleObject(name = "every 10 seconds", summary = "6 fields, inline agent, runs may overlap",
                            value = "{\"cron\": \"*/10 * * * * *\", \"agent\": {\"tools\": [\"calculator\"]}, "
                                    + "\"input\": \"What is 6 * 7?\", \"overlap\": \"allow\"}")}))
    @ApiResponse(responseCode = "201", description = "Created; `next_run_at` is its first tick",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"id": "0193a5b0-7c1e-7000-8000-0000000000bb", "cron": "30 7 * * MON-FRI", "timezone": "Europe/Berlin",
                     "agent_id": "0193a5b0-7c1e-7000-8000-0000000000aa", "input": "Write the morning report",
                     "enabled": true, "overlap": "skip", "next_run_at": "2026-12-04T06:30:00Z"}""")))
    @ApiResponse(responseCode = "400", description = "A bad cron, time zone, overlap, agent or input (errors per field)")
    @ApiResponse(responseCode = "429", description = "SCHEDULE_LIMIT_EXCEEDED: the tenant has as many schedules as it may")
    @PostMapping(path = "/v1/schedules", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScheduleView> create(AuthenticatedTenant tenant, @RequestBody ScheduleBody body) {
        ScheduleView created = schedules.create(tenant, body);
        return ResponseEntity.created(URI.create("/v1/schedules/" + created.id())).body(created);
    }

    @Operation(operationId = "listSchedules", summary = "List schedules")
    @GetMapping("/v1/schedules")
    Page<ScheduleView> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        return Page.of(schedules.list(tenant, Page.after(cursor), size), size, ScheduleView::id);
    }

    @Operation(operationId = "getSchedule", summary = "Get a schedule")
    @GetMapping("/v1/schedules/{id}")
    ScheduleView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return schedules.get(tenant, PathIds.uuid(id, "schedule"));
    }

    @Operation(operationId = "updateSchedule", summary = "Change a schedule; pause or resume it with `enabled`",
            description = "Fields left out keep their value. A new `cron` or `timezone`, or a resume, plans the next tick "
                    + "from now: ticks that fell while paused do not run.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = {
                    @ExampleObject(name = "pause", value = "{\"enabled\": false}"),
                    @ExampleObject(name = "resume", value = "{\"enabled\": true}"),
                    @ExampleObject(name = "move", value = "{\"cron\": \"0 9 * * *\", \"timezone\": \"America/New_York\"}")}))
    @PatchMapping(path = "/v1/schedules/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView update(AuthenticatedTenant tenant, @PathVariable String id, @RequestBody ScheduleBody body) {
        return schedules.update(tenant, PathIds.uuid(id, "schedule"), body);
    }

    @Operation(operationId = "deleteSchedule", summary = "Delete a schedule")
    @ApiResponse(responseCode = "204", description = "Deleted; its executions stay")
    @DeleteMapping("/v1/schedules/{id}")
    ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String id) {
        schedules.delete(tenant, PathIds.uuid(id, "schedule"));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "triggerSchedule", summary = "Run a schedule now, outside its cron")
    @ApiResponse(responseCode = "202", description = "Run now: the execution, queued, with `metadata.schedule_id`")
    @ApiResponse(responseCode = "429", description = "QUOTA_EXCEEDED: the tenant's queue is full")
    @PostMapping("/v1/schedules/{id}/trigger")
    ResponseEntity<ExecutionView> trigger(AuthenticatedTenant tenant, @PathVariable String id) {
        ExecutionView execution = firing.trigger(tenant, PathIds.uuid(id, "schedule"));
        return ResponseEntity.accepted().location(URI.create("/v1/executions/" + execution.id())).body(execution);
    }

    /** Newest first. */
    @Operation(operationId = "listScheduleExecutions", summary = "List the executions a schedule started")
    @GetMapping("/v1/schedules/{id}/executions")
    Page<ExecutionView> executions(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        UUID schedule = schedules.get(tenant, PathIds.uuid(id, "schedule")).id();
        int size = Page.limit(limit);
        return Page.of(executions.ofSchedule(tenant.id(), schedule, Page.after(cursor), size), size, ExecutionView::id);
    }
}
