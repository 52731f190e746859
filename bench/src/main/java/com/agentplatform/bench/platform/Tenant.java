package com.agentplatform.bench.platform;

/** A tenant the benchmarks made through the admin API, with its one API key. */
public record Tenant(String id, String name, String key) {
}
