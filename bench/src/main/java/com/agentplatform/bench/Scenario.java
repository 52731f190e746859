package com.agentplatform.bench;

import com.agentplatform.bench.report.ScenarioResult;

/** One benchmark: it starts what it measures, runs its baseline in the same run, and reports both. */
public interface Scenario {

    /** Its name on the command line. */
    String key();

    ScenarioResult run(RunContext context) throws Exception;
}
