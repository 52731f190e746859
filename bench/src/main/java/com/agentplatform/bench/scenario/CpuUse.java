package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.measure.ProcessStats;
import com.agentplatform.bench.measure.ThreadCpu;
import com.agentplatform.bench.platform.ServiceProcess;
import java.util.List;

/**
 * CPU milliseconds used so far by each part of the system, read from {@code /proc} and, inside the bench JVM, per
 * thread. Two readings subtracted give what a stretch of load cost.
 *
 * @param gateway       the gateway process
 * @param worker        the worker process running at the reading; 0 when none runs
 * @param postgres      the postmaster and all its backends, ended ones included
 * @param redis         the Redis server
 * @param broker        the Kafka broker's threads in the bench JVM
 * @param loadGenerator the bench JVM's threads that drive load and read results
 * @param unattributed  the rest of the bench JVM: its GC and JIT (shared by broker and load generator) and ended threads
 */
record CpuUse(long gateway, long worker, long postgres, long redis, long broker, long loadGenerator, long unattributed) {

    static CpuUse now(RunContext context) {
        ServiceProcess gateway = context.services().gateway();
        long worker = context.services().runningWorker().map(process -> ProcessStats.cpuMillis(process.pid())).orElse(0L);
        // The postmaster, found by its data directory; its backends are its children.
        List<Long> postgres = ProcessStats.withArgument(context.stack().embedded().settings().dataDir().resolve("postgres").toString());
        long broker = ThreadCpu.brokerMillis();
        long loadGenerator = ThreadCpu.loadGeneratorMillis();
        long benchJvm = ProcessStats.cpuMillis(ProcessHandle.current().pid());
        return new CpuUse(ProcessStats.cpuMillis(gateway.pid()), worker,
                postgres.stream().mapToLong(ProcessStats::treeCpuMillis).sum(),
                ProcessStats.cpuMillis(ProcessStats.descendantsNamed("redis")), broker, loadGenerator,
                Math.max(0, benchJvm - broker - loadGenerator));
    }

    CpuUse minus(CpuUse earlier) {
        return new CpuUse(gateway - earlier.gateway, worker - earlier.worker, postgres - earlier.postgres,
                redis - earlier.redis, broker - earlier.broker, loadGenerator - earlier.loadGenerator,
                unattributed - earlier.unattributed);
    }

    /** What the platform itself used: gateway, worker, PostgreSQL, Redis and the broker. */
    long platform() {
        return gateway + worker + postgres + redis + broker;
    }
}
