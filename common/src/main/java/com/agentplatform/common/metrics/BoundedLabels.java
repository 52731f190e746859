package com.agentplatform.common.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric label whose values come from users (tenant ids, model names), bounded so that a million tenants cannot
 * explode a time-series database: values on the allow-list always get their own series; beyond them, the first
 * {@code limit} distinct values this process sees get theirs, and every later one is counted under {@value #OTHER}.
 * Sums over all labels stay exact; only the breakdown is capped.
 */
public final class BoundedLabels {

    /** The label of every value beyond the bound. */
    public static final String OTHER = "other";

    private final Set<String> allowed;
    private final int limit;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public BoundedLabels(Settings settings) {
        this.allowed = Set.copyOf(settings.allowList());
        this.limit = settings.limit();
    }

    /** The label to use for this value. */
    public String of(Object value) {
        String id = value.toString();
        if (allowed.contains(id) || seen.contains(id)) {
            return id;
        }
        if (seen.size() < limit && seen.add(id)) {
            if (seen.size() <= limit) {
                return id;
            }
            seen.remove(id); // lost a race for the last free label
        }
        return OTHER;
    }

    /**
     * How values become labels.
     *
     * @param limit     how many values, beyond the allow-list, get a series of their own (0: none)
     * @param allowList values that always get their own series (the tenants an operator watches)
     */
    public record Settings(int limit, Set<String> allowList) {

        public Settings {
            if (limit < 0) {
                throw new IllegalArgumentException("a label limit must not be negative");
            }
            allowList = allowList == null ? Set.of() : Set.copyOf(allowList);
        }

        public static Settings firstSeen(int limit) {
            return new Settings(limit, Set.of());
        }
    }
}
