package com.agentplatform.gateway;

import com.agentplatform.common.secret.SecretKeys;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the gateway can be told, under {@code platform.gateway.*}.
 *
 * @param adminToken   the bearer token of {@code /admin/v1/**} (environment {@code PLATFORM_ADMIN_TOKEN}); without
 *                     one the admin API refuses every call, except in local mode where it is
 *                     {@value #LOCAL_ADMIN_TOKEN}
 * @param localMode    seeds the demo tenants and keys of the local run; never enable in production
 * @param singleTenant when set (a tenant name), the deployment serves only that tenant: every live key maps to it
 * @param tenantDefaults limits of a tenant created without them
 * @param redis        where rate-limit windows live
 * @param providers    which LLM providers the workers have (the gateway never calls them)
 * @param webSearch    non-empty when the workers have a web search backend ({@code WEB_SEARCH_URL}); only then is
 *                     the {@code web_search} tool offered
 * @param executions submit defaults and bounds
 * @param submits    the group commit of submits
 * @param apiKeys    the in-memory map of API keys
 * @param sse        status stream behaviour
 * @param outbox     the relay that publishes what the fast path did not
 * @param metrics    what the gateway exports beyond the standard meters
 * @param haltAfterCommit a fault-injection hook for tests only: the process halts (as kill -9 would) right after a
 *                        submit or a cancel of a queued or waiting run commits and before it publishes, to prove the
 *                        outbox relay and the transition's own webhook deliveries lose nothing
 * @param secrets    the keys tenant tools' secret headers are encrypted with at rest (the workers need the same);
 *                   without a key, a tool with a secret header cannot be stored
 * @param threads    bounds of conversations (threads)
 * @param webhooks   bounds of webhook endpoints and where their URLs may point
 * @param schedules  bounds of cron schedules and how often due ticks are looked for
 * @param workflows  bounds of workflow definitions and how runs are advanced
 * @param agentTools bounds of agents calling agents as tools
 * @param cors       which other origins' pages may call {@code /v1/**} from a browser
 */
@ConfigurationProperties("platform.gateway")
public record GatewaySettings(
        String adminToken,
        @DefaultValue("false") boolean localMode,
        String singleTenant,
        @DefaultValue TenantDefaults tenantDefaults,
        @DefaultValue Redis redis,
        @DefaultValue Providers providers,
        String webSearch,
        @DefaultValue Executions executions,
        @DefaultValue Submits submits,
        @DefaultValue ApiKeys apiKeys,
        @DefaultValue Sse sse,
        @DefaultValue Outbox outbox,
        @DefaultValue Metrics metrics,
        @DefaultValue("false") boolean haltAfterCommit,
        @DefaultValue SecretKeys secrets,
        @DefaultValue Threads threads,
        @DefaultValue Webhooks webhooks,
        @DefaultValue Schedules schedules,
        @DefaultValue Workflows workflows,
        @DefaultValue AgentTools agentTools,
        @DefaultValue Cors cors) {

    public static final String LOCAL_ADMIN_TOKEN = "local-admin-token";

    public GatewaySettings {
        if ((adminToken == null || adminToken.isBlank()) && localMode) {
            adminToken = LOCAL_ADMIN_TOKEN;
        }
    }

    /** The admin token, or empty when the admin API is closed. */
    public java.util.Optional<String> configuredAdminToken() {
        return adminToken == null || adminToken.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(adminToken);
    }

    /**
     * @param rateLimitPerMinute      requests a tenant may make in any 60 s
     * @param maxConcurrentExecutions executions of a tenant running at once, across all workers
     * @param maxQueuedExecutions     executions of a tenant waiting to start; past it submits get 429
     * @param maxConcurrentStreams    status streams (SSE) a tenant may hold open at once, across all gateways; past
     *                                it a new stream gets 429 {@code STREAM_LIMIT_EXCEEDED}
     * @param maxConcurrentStreamsPerKey the same for the streams opened with one API key, so one runaway client
     *                                cannot take every stream of its tenant; the same as the tenant's by default,
     *                                so a tenant with one key can use its whole allowance
     */
    public record TenantDefaults(
            @DefaultValue("600") int rateLimitPerMinute,
            @DefaultValue("10") int maxConcurrentExecutions,
            @DefaultValue("1000") int maxQueuedExecutions,
            @DefaultValue("100") int maxConcurrentStreams,
            @DefaultValue("100") int maxConcurrentStreamsPerKey) {
    }

    /**
     * Non-empty when the deployment has the provider configured; read from the same environment variables as the
     * workers ({@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL}, {@code ANTHROPIC_API_KEY}, {@code OLLAMA_BASE_URL}),
     * so a model the workers cannot run is refused at submit. Values are never shown.
     */
    public record Providers(String openai, String anthropic, String ollama) {

        public java.util.Set<String> configured() {
            java.util.Set<String> configured = new java.util.LinkedHashSet<>();
            if (openai != null && !openai.isBlank()) {
                configured.add("openai");
            }
            if (anthropic != null && !anthropic.isBlank()) {
                configured.add("anthropic");
            }
            if (ollama != null && !ollama.isBlank()) {
                configured.add("ollama");
            }
            return configured;
        }

        @Override
        public String toString() {
            return "Providers" + configured();
        }
    }

    /**
     * @param host    Redis host
     * @param port    Redis port
     * @param timeout connect and read timeout; a slower Redis counts as down (and the rate limit fails open)
     */
    public record Redis(
            @DefaultValue("localhost") String host,
            @DefaultValue("16379") int port,
            @DefaultValue("250ms") Duration timeout) {
    }

    /**
     * @param defaultModel      the model of an agent that names none
     * @param maxAttempts       attempts before an execution fails for good
     * @param maxInputChars     the longest accepted {@code input}
     * @param defaultMaxSteps   {@code max_steps} when the agent names none
     * @param maxMaxSteps       the largest {@code max_steps} an agent may ask for
     * @param defaultTimeout    {@code timeout_seconds} when the agent names none
     * @param maxTimeout        the largest {@code timeout_seconds} an agent may ask for
     * @param defaultMaxTokens  {@code max_tokens} when the agent names none
     */
    public record Executions(
            @DefaultValue("offline:deterministic") String defaultModel,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("100000") int maxInputChars,
            @DefaultValue("20") int defaultMaxSteps,
            @DefaultValue("100") int maxMaxSteps,
            @DefaultValue("300s") Duration defaultTimeout,
            @DefaultValue("3600s") Duration maxTimeout,
            @DefaultValue("100000") long defaultMaxTokens) {
    }

    /**
     * @param maxPerTenant threads a tenant may keep; past it creating one answers 429 {@code THREAD_LIMIT_EXCEEDED}
     *                     (counted under the tenant's lock, so exact on any number of gateways)
     */
    public record Threads(@DefaultValue("10000") int maxPerTenant) {
    }

    /**
     * @param maxPerTenant endpoints a tenant may have; past it creating one answers 429 {@code WEBHOOK_LIMIT_EXCEEDED}
     * @param allowList    address blocks ({@code 10.20.0.0/16}), addresses and host names a webhook URL may lead to
     *                     although the address policy refuses them (local mode adds loopback)
     */
    public record Webhooks(@DefaultValue("20") int maxPerTenant, List<String> allowList) {

        public Webhooks {
            allowList = allowList == null ? List.of() : List.copyOf(allowList);
        }
    }

    /**
     * @param maxPerTenant schedules a tenant may keep; past it creating one answers 429 {@code SCHEDULE_LIMIT_EXCEEDED}
     * @param pollInterval how often every gateway looks for due ticks: the most a tick waits before its execution
     *                     is created (one indexed query per round while nothing is due)
     * @param batch        due schedules one round fires in one transaction
     * @param misfireThreshold a tick overdue by more than this was missed (no gateway ran): all ticks missed up to
     *                     now run once, as the latest of them; a tick less late (a slow round) runs as itself
     */
    /**
     * @param maxDepth the longest chain of agents calling agents as tools (A → B → C is 2); an agent whose calls could
     *                 go deeper is refused when written, {@code 400 AGENT_TOO_DEEP}
     */
    public record AgentTools(@DefaultValue("3") int maxDepth) {
    }

    public record Schedules(
            @DefaultValue("100") int maxPerTenant,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("100") int batch,
            @DefaultValue("3s") Duration misfireThreshold) {
    }

    /**
     * Workflows: definitions are bounded on write (422 past a bound); runs advance when a child ends.
     *
     * @param maxPerTenant   workflows a tenant may store; past it a create gets 429 {@code WORKFLOW_LIMIT_EXCEEDED}
     * @param maxSteps       steps of one workflow, nested ones included
     * @param maxBranches    branches of one parallel step
     * @param maxNesting     how deep steps may nest inside parallel and condition steps
     * @param recoveryPoll   how often an advancer looks for advances it was not told about (a lost notification, an
     *                       advance left by a process that died); a notification wakes it at once otherwise
     * @param batch          advances one round takes at most
     */
    public record Workflows(
            @DefaultValue("100") int maxPerTenant,
            @DefaultValue("32") int maxSteps,
            @DefaultValue("8") int maxBranches,
            @DefaultValue("4") int maxNesting,
            @DefaultValue("1s") Duration recoveryPoll,
            @DefaultValue("50") int batch) {
    }

    /**
     * Cross-origin access for browser clients served from elsewhere (the console itself is same-origin and needs none).
     * Keys travel in headers, never in cookies, so credentials mode stays off.
     *
     * @param allowedOrigins origins ({@code https://app.example.com}) whose pages may call {@code /v1/**}; none by
     *                       default, so a browser refuses every cross-origin call
     * @param maxAge         how long a browser may keep a preflight's answer
     */
    public record Cors(List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    /**
     * Submits of concurrent requests commit together: one transaction, one statement for their rows, one check of each
     * tenant's queue bound per batch. Each request still answers only after its own submit committed.
     *
     * @param maxBatch most submits in one transaction
     * @param maxDelay how long a submit may wait for others to join its batch; zero sends whatever is waiting as soon as
     *                 the previous batch committed (batches then form by themselves under load, at no cost in latency)
     * @param capacity submits that may wait for a batch; past it requests wait for room (backpressure)
     * @param flushers batches committing at once; one keeps submits in arrival order across batches
     */
    public record Submits(
            @DefaultValue("100") int maxBatch,
            @DefaultValue("0ms") Duration maxDelay,
            @DefaultValue("2000") int capacity,
            @DefaultValue("1") int flushers) {
    }

    /**
     * Live API keys are kept in memory (as hashes) once used, and dropped on every gateway the moment a key or its
     * tenant changes: PostgreSQL announces each change (NOTIFY, in the changing transaction) to a connection every
     * gateway keeps listening on. While that connection is down, every request reads its key from PostgreSQL.
     *
     * @param cacheSize      keys kept at most; past it further keys are read from PostgreSQL on every request
     * @param heartbeat      how often the listening connection is checked with a query; a connection that answers no
     *                       query (a half-open socket) is given up after this long again
     * @param reconnectDelay the wait before listening again after the connection was lost
     */
    public record ApiKeys(
            @DefaultValue("100000") int cacheSize,
            @DefaultValue("5s") Duration heartbeat,
            @DefaultValue("1s") Duration reconnectDelay) {
    }

    /**
     * @param pingInterval      how often an idle stream gets a {@code : ping} comment; at each ping a stream also
     *                          catches up from the database, closes if its API key was revoked, and renews its slot
     *                          in Redis (a slot not renewed for three intervals, as a dead gateway's, is freed)
     * @param maxStreamDuration after this a stream closes; the client resumes with {@code Last-Event-ID}
     * @param replayBatch       events read from the database per query while replaying
     * @param tokenQueue        token deltas waiting for one slow client at most; beyond, its newest are dropped (for it
     *                          alone: the worker and other clients never wait for it)
     * @param tokenMarkerTtl    how long a tenant stays "followed" (workers publish its tokens) after this gateway last
     *                          renewed it; renewed every third of it while a token stream of the tenant is open
     */
    public record Sse(
            @DefaultValue("15s") Duration pingInterval,
            @DefaultValue("30m") Duration maxStreamDuration,
            @DefaultValue("500") int replayBatch,
            @DefaultValue("256") int tokenQueue,
            @DefaultValue("15s") Duration tokenMarkerTtl) {
    }

    /**
     * @param relayInterval how often the relay looks for unpublished messages
     * @param relayGrace    how old a message must be before the relay takes it from the fast path
     * @param relayBatch    messages published per relay round
     */
    public record Outbox(
            @DefaultValue("1s") Duration relayInterval,
            @DefaultValue("2s") Duration relayGrace,
            @DefaultValue("500") int relayBatch) {
    }

    /**
     * @param tenantLabelLimit tenants (beyond the allow-list) that get their own {@code tenant} label; later ones are
     *                         counted under {@code other}, so cardinality stays bounded
     * @param tenantAllowList  tenant ids that always get their own label
     * @param gaugeInterval    how often database-derived gauges (executions per tenant and status, outbox backlog,
     *                         stuck executions) are refreshed
     */
    public record Metrics(
            @DefaultValue("100") int tenantLabelLimit,
            java.util.Set<String> tenantAllowList,
            @DefaultValue("15s") Duration gaugeInterval) {

        public com.agentplatform.common.metrics.BoundedLabels.Settings tenantLabels() {
            return new com.agentplatform.common.metrics.BoundedLabels.Settings(tenantLabelLimit, tenantAllowList);
        }
    }
}
