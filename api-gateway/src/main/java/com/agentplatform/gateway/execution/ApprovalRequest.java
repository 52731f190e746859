package com.agentplatform.gateway.execution;

import java.util.Map;

/**
 * {@code POST /v1/executions/{id}/approval}: a person's decision on the tool call a waiting execution holds.
 *
 * @param callId    the {@code call_id} of the execution's {@code pending_approval}
 * @param decision  {@code approve} or {@code reject}
 * @param arguments with {@code approve} only: replaces the model's arguments (checked against the tool's schema)
 * @param reason    why; a rejection's reason is what the model is told
 */
record ApprovalRequest(String callId, String decision, Map<String, Object> arguments, String reason) {
}
