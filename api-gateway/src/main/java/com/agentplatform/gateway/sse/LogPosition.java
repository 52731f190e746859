package com.agentplatform.gateway.sse;

/**
 * A place in a tenant's event log in the order the tenant-wide stream sends it: the commit order of the event's
 * transaction, then its insert order ({@code global_seq}) among the events of one transaction. Everything up to a
 * position a stream has reached is final (see {@link TenantLog}), so the position of the last event a client got is
 * an exact resume point.
 */
record LogPosition(long commitOrder, long globalSeq) implements Comparable<LogPosition> {

    /** Before every event: a stream opened without {@code Last-Event-ID} replays the tenant's whole log. */
    static final LogPosition START = new LogPosition(0, 0);

    boolean isBefore(LogPosition other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(LogPosition other) {
        int byCommit = Long.compare(commitOrder, other.commitOrder);
        return byCommit != 0 ? byCommit : Long.compare(globalSeq, other.globalSeq);
    }
}
