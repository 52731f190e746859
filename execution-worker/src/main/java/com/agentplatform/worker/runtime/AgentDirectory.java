package com.agentplatform.worker.runtime;

import com.agentplatform.worker.tool.ToolContext;
import java.util.List;

/** Which of a tenant's stored agents a run may call as tools. */
public interface AgentDirectory {

    /** Nobody to call (runs outside a tenant, tests of the loop). */
    AgentDirectory NONE = (context, agentIds) -> List.of();

    /**
     * The agents named by id that exist for the run's tenant, in the order given; none when the run is already as deep
     * below its top-level execution as agents may nest.
     */
    List<CallableAgent> callable(ToolContext context, List<String> agentIds);
}
