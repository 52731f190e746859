package com.agentplatform.worker;

import com.agentplatform.common.secret.SecretKeys;
import com.agentplatform.common.write.WriteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the worker can be told, under {@code platform.worker.*}.
 *
 * @param id                  this worker's name as a lease owner; unique per process (default: random)
 * @param maxInFlight         executions this worker runs at once (each on a virtual thread); the dispatcher claims only
 *                            as many as it has permits for
 * @param lease               how long a claim holds without renewal; another worker may take over after it
 * @param leaseRenewInterval  how often running executions' leases are renewed (well under {@code lease})
 * @param consumerConcurrency Kafka consumer threads. They only read wake-ups and hand tenants to the dispatcher, so
 *                            a few are enough; with many workers, threads beyond their share of partitions stay idle
 * @param dispatch            how the dispatcher claims
 * @param writes              how running attempts' steps and finishes are committed together
 * @param staleQueuedAfter    a queued execution untouched this long gets a new wake-up (a lost or held-back one)
 * @param sweepInterval       how often to look for such executions
 * @param simulated           the {@code simulated:default} model's behaviour
 * @param providers           the LLM providers this worker may call
 * @param tools               what tools may reach
 * @param retry               execution-level retries of attempts that failed for a passing reason
 * @param shutdownGrace       on shutdown, how long running attempts may go on before they are handed back
 * @param metrics             what the worker exports beyond the standard meters
 * @param secrets             the keys tenant tools' secret headers were encrypted with (the gateway's keys); without
 *                            them, a tool with a secret header is unavailable here
 * @param tokens              token streaming: how answers' text reaches the gateways while it is written
 * @param agentTools          agents called as tools: how deep they nest, how soon a child's end reaches its parent
 */
@ConfigurationProperties("platform.worker")
public record WorkerSettings(
        String id,
        @DefaultValue("10000") int maxInFlight,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10s") Duration leaseRenewInterval,
        @DefaultValue("2") int consumerConcurrency,
        @DefaultValue Dispatch dispatch,
        @DefaultValue Writes writes,
        @DefaultValue("60s") Duration staleQueuedAfter,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue Simulated simulated,
        @DefaultValue Providers providers,
        @DefaultValue Tools tools,
        @DefaultValue Retry retry,
        @DefaultValue("20s") Duration shutdownGrace,
        @DefaultValue Metrics metrics,
        @DefaultValue SecretKeys secrets,
        @DefaultValue Tokens tokens,
        @DefaultValue AgentTools agentTools) {

    /** Without token settings of its own: the defaults. */
    public WorkerSettings(String id, int maxInFlight, Duration lease, Duration leaseRenewInterval, int consumerConcurrency,
            Dispatch dispatch, Writes writes, Duration staleQueuedAfter, Duration sweepInterval, Simulated simulated,
            Providers providers, Tools tools, Retry retry, Duration shutdownGrace, Metrics metrics, SecretKeys secrets) {
        this(id, maxInFlight, lease, leaseRenewInterval, consumerConcurrency, dispatch, writes, staleQueuedAfter,
                sweepInterval, simulated, providers, tools, retry, shutdownGrace, metrics, secrets, Tokens.defaults());
    }

    /** Without settings of agents as tools: the defaults. */
    public WorkerSettings(String id, int maxInFlight, Duration lease, Duration leaseRenewInterval, int consumerConcurrency,
            Dispatch dispatch, Writes writes, Duration staleQueuedAfter, Duration sweepInterval, Simulated simulated,
            Providers providers, Tools tools, Retry retry, Duration shutdownGrace, Metrics metrics, SecretKeys secrets,
            Tokens tokens) {
        this(id, maxInFlight, lease, leaseRenewInterval, consumerConcurrency, dispatch, writes, staleQueuedAfter,
                sweepInterval, simulated, providers, tools, retry, shutdownGrace, metrics, secrets, tokens,
                AgentTools.defaults());
    }

    /**
     * Agents called as tools (a supervisor's children).
     *
     * @param maxDepth     how many executions may stand above one that still gets agents as tools (the gateway refuses
     *                     deeper definitions; this holds for agents edited after a run began)
     * @param pollInterval how often endings of children are looked for (they are written durably by the child's end;
     *                     this only bounds how soon the parent resumes)
     * @param batch        endings settled per transaction
     */
    public record AgentTools(
            @DefaultValue("3") int maxDepth,
            @DefaultValue("100ms") Duration pollInterval,
            @DefaultValue("100") int batch) {

        public static AgentTools defaults() {
            return new AgentTools(3, Duration.ofMillis(100), 100);
        }
    }

    /**
     * Token streaming. Deltas go over Redis pub/sub, published only for tenants a gateway marked as followed (see
     * {@code TokenDelta} in common); nothing is published, and no call streams, for the others.
     *
     * @param redisHost    the Redis the gateways use; blank turns token streaming off on this worker
     * @param redisPort    its port
     * @param redisTimeout connect and read timeout; a slower Redis counts as down (then no tokens are published)
     * @param coalesce     deltas of one model call are sent at most this often (each carries all text since the last)
     * @param wantedCache  how long this worker trusts what it last read of a tenant's "followed" marker
     */
    public record Tokens(
            @DefaultValue("localhost") String redisHost,
            @DefaultValue("16379") int redisPort,
            @DefaultValue("250ms") Duration redisTimeout,
            @DefaultValue("50ms") Duration coalesce,
            @DefaultValue("1s") Duration wantedCache) {

        public static Tokens defaults() {
            return new Tokens("localhost", 16379, Duration.ofMillis(250), Duration.ofMillis(50), Duration.ofSeconds(1));
        }
    }

    /**
     * How the dispatcher claims.
     *
     * @param claimBatch        the most executions one claim statement takes, shared round-robin among the tenants
     *                          waiting for work
     * @param limitRecheck      how often tenants found at their {@code max_concurrent_executions} are asked again (a run
     *                          of theirs that ends on this worker frees them at once; this covers runs elsewhere)
     * @param maxWaitingTenants tenants with work this worker keeps in memory at most; beyond it, consumption pauses
     *                          (their work waits in PostgreSQL, where it always is)
     */
    public record Dispatch(
            @DefaultValue("256") int claimBatch,
            @DefaultValue("500ms") Duration limitRecheck,
            @DefaultValue("100000") int maxWaitingTenants) {
    }

    /**
     * Group commit of the writes running attempts make (steps, finishes): each caller waits for the commit that holds
     * its write.
     *
     * @param maxBatch most writes in one transaction
     * @param maxDelay how long a write may wait for others to join its batch; zero flushes at once (batches still form
     *                 while the previous one commits)
     * @param capacity writes waiting at most; beyond it, attempts wait before writing (backpressure, never a drop)
     * @param flushers transactions in flight at once, per kind of write
     */
    public record Writes(
            @DefaultValue("256") int maxBatch,
            @DefaultValue("0ms") Duration maxDelay,
            @DefaultValue("20000") int capacity,
            @DefaultValue("2") int flushers) {

        public WriteBuffer.Settings buffer() {
            return new WriteBuffer.Settings(maxBatch, maxDelay, capacity, flushers);
        }
    }

    /**
     * The providers, from the conventional environment variables ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
     * {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}, {@code OLLAMA_BASE_URL}); one not configured is not offered.
     *
     * @param callTimeout     the longest one LLM call may take
     * @param resilience      retry, circuit breaker and bulkhead, per provider
     * @param maxOutputTokens the most output tokens one LLM call asks the provider for ({@code max_tokens}); a call
     *                        asks for what is left of the agent's {@code max_tokens} budget, but never more than this
     *                        (providers refuse a request for more output than their models produce)
     */
    public record Providers(
            @DefaultValue OpenAi openai,
            @DefaultValue Anthropic anthropic,
            @DefaultValue Ollama ollama,
            @DefaultValue("60s") Duration callTimeout,
            @DefaultValue Resilience resilience,
            @DefaultValue("4096") int maxOutputTokens) {

        @ConstructorBinding
        public Providers {
            if (maxOutputTokens < 1) {
                throw new IllegalArgumentException("platform.worker.providers.max-output-tokens must be positive");
            }
        }

        /** Without a ceiling of its own: the default one. */
        public Providers(OpenAi openai, Anthropic anthropic, Ollama ollama, Duration callTimeout, Resilience resilience) {
            this(openai, anthropic, ollama, callTimeout, resilience, 4096);
        }

        public static Providers none() {
            return new Providers(new OpenAi(null, null), new Anthropic(null, null), new Ollama(null), Duration.ofSeconds(60),
                    Resilience.defaults());
        }
    }

    /** OpenAI, or any OpenAI-compatible server (vLLM, LM Studio…) when {@code baseUrl} is set. */
    public record OpenAi(String apiKey, String baseUrl) {
    }

    public record Anthropic(String apiKey, String baseUrl) {
    }

    /** Ollama, through its OpenAI-compatible endpoint under {@code baseUrl}. */
    public record Ollama(String baseUrl) {
    }

    /**
     * @param maxAttempts          tries of one LLM call, the first included
     * @param initialBackoff       first wait between tries (exponential after, with jitter)
     * @param maxBackoff           the longest computed wait
     * @param maxRetryAfter        the longest {@code Retry-After} honoured
     * @param failureRateThreshold percent of failed calls that opens the circuit
     * @param slidingWindow        calls the failure rate is computed over
     * @param minimumCalls         calls before the rate counts
     * @param openFor              how long an open circuit fails fast before trying again
     * @param maxConcurrentCalls   calls in flight to one provider from this worker
     * @param bulkheadWait         how long a call waits for a free slot before failing
     */
    public record Resilience(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("10s") Duration maxBackoff,
            @DefaultValue("60s") Duration maxRetryAfter,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int slidingWindow,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("30s") Duration openFor,
            @DefaultValue("64") int maxConcurrentCalls,
            @DefaultValue("30s") Duration bulkheadWait) {

        public static Resilience defaults() {
            return new Resilience(4, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60), 50, 10, 5,
                    Duration.ofSeconds(30), 64, Duration.ofSeconds(30));
        }
    }

    /**
     * @param initialBackoff wait before the second attempt; doubled for each further one, plus jitter
     * @param maxBackoff     the longest wait between attempts
     */
    public record Retry(
            @DefaultValue("2s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff) {
    }

    /**
     * @param latency      how long each call takes (slept, not spent on CPU)
     * @param maxLatency   when set, each call takes a random time between {@code latency} and this
     * @param inputTokens  input tokens each call reports, or null for the offline model's estimate
     * @param outputTokens output tokens each call reports, or null for the estimate
     * @param failureRate  share of calls (0 to 1) that fail like a provider outage
     */
    public record Simulated(
            @DefaultValue("1s") Duration latency,
            Duration maxLatency,
            Integer inputTokens,
            Integer outputTokens,
            @DefaultValue("0") double failureRate) {

        public Simulated {
            if (failureRate < 0 || failureRate > 1) {
                throw new IllegalArgumentException("platform.worker.simulated.failure-rate must be between 0 and 1");
            }
        }

        public static Simulated withLatency(Duration latency) {
            return new Simulated(latency, null, null, null, 0);
        }
    }

    /**
     * What tools may reach is decided by {@code platform.worker.http.*} (the SSRF-safe client's settings, allow-list
     * included), for http tools and MCP servers alike.
     *
     * @param mcpTimeout   connect, discovery and call timeout of MCP servers
     * @param webSearchUrl the {@code web_search} backend ({@code WEB_SEARCH_URL}), an http(s) URL with a
     *                     {@code {query}} placeholder; the tool exists only when it is set
     */
    public record Tools(
            @DefaultValue("10s") Duration mcpTimeout,
            String webSearchUrl) {
    }

    @ConstructorBinding
    public WorkerSettings {
        if (tokens == null) {
            tokens = Tokens.defaults();
        }
        if (agentTools == null) {
            agentTools = AgentTools.defaults();
        }
        if (id == null || id.isBlank()) {
            id = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (!leaseRenewInterval.minus(lease.dividedBy(2)).isNegative()) {
            throw new IllegalArgumentException("platform.worker.lease-renew-interval must be under half the lease");
        }
    }

    /**
     * @param tenantLabelLimit tenants (beyond the allow-list) that get their own {@code tenant} label; later ones are
     *                         counted under {@code other}, so cardinality stays bounded
     * @param tenantAllowList  tenant ids that always get their own label
     * @param nameLabelLimit   distinct model names, and distinct tool names, that get their own {@code model} or
     *                         {@code tool} label (agents name models, and tenants name tools, freely)
     * @param lagInterval      how often the consumer lag of the requests topic is measured
     */
    public record Metrics(
            @DefaultValue("100") int tenantLabelLimit,
            java.util.Set<String> tenantAllowList,
            @DefaultValue("50") int nameLabelLimit,
            @DefaultValue("15s") Duration lagInterval) {

        public com.agentplatform.common.metrics.BoundedLabels.Settings tenantLabels() {
            return new com.agentplatform.common.metrics.BoundedLabels.Settings(tenantLabelLimit, tenantAllowList);
        }
    }
}
