package com.agentplatform.bench.scenario;

import com.agentplatform.bench.measure.ProcessStats;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A service's memory after a full GC, so two readings differ by what is live rather than by garbage.
 *
 * @param heapUsed bytes of heap in use
 * @param rss      resident set size in bytes
 */
record GatewayMemory(long heapUsed, long rss) {

    static GatewayMemory after(ServiceProcess service) {
        fullGc(service);
        return new GatewayMemory((long) PlatformApi.metric(service, "jvm.memory.used", "area:heap"), ProcessStats.rssBytes(service.pid()));
    }

    /** Through jcmd from the same JDK; without it, the reading includes garbage. */
    private static void fullGc(ServiceProcess service) {
        File jcmd = new File(new File(ProcessHandle.current().info().command().orElse("java")).getParentFile(), "jcmd");
        if (!jcmd.canExecute()) {
            return;
        }
        try {
            Process gc = new ProcessBuilder(jcmd.getPath(), Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no GC then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
