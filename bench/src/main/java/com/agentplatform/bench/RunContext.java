package com.agentplatform.bench;

import com.agentplatform.bench.platform.BenchStack;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.Services;

/** What every scenario of one run shares, and what an earlier scenario found that a later one builds on. */
public final class RunContext {

    private final BenchSize size;
    private final Services services;
    private final PlatformApi api;
    private volatile double maxSubmitRate = Double.NaN;
    private volatile double steadyRate = Double.NaN;

    public RunContext(BenchSize size, Services services) {
        this.size = size;
        this.services = services;
        this.api = new PlatformApi(services.gateway().baseUrl());
    }

    public BenchSize size() {
        return size;
    }

    public Services services() {
        return services;
    }

    public BenchStack stack() {
        return services.stack();
    }

    public PlatformApi api() {
        return api;
    }

    /** The highest submit rate with p99 under 50 ms, once the submit scenario ran; NaN before. */
    public double maxSubmitRate() {
        return maxSubmitRate;
    }

    public void maxSubmitRate(double rate) {
        this.maxSubmitRate = rate;
    }

    /** The end-to-end rate the steady-load scenario reached (accepted to finished), once it ran; NaN before. */
    public void steadyRate(double rate) {
        this.steadyRate = rate;
    }

    /**
     * The best rate this run saw the platform sustain: the lower of the best submit rate with p99 under 50 ms (gateway
     * alone) and the end-to-end rate of the steady-load scenario, of those that ran; NaN when neither did. The lower,
     * because a rate the gateway alone sustains may still be more than gateway and worker together finish.
     */
    public double sustainedRate() {
        if (Double.isNaN(maxSubmitRate) || Double.isNaN(steadyRate)) {
            return Double.isNaN(maxSubmitRate) ? steadyRate : maxSubmitRate;
        }
        return Math.min(maxSubmitRate, steadyRate);
    }
}
