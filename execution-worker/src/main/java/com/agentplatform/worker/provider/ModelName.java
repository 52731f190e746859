package com.agentplatform.worker.provider;

import com.agentplatform.common.execution.FailureCode;
/** A model as agents name it: {@code provider:model}, such as {@code openai:gpt-4o-mini}. */
public record ModelName(String provider, String model) {

    public static ModelName parse(String name) {
        int colon = name == null ? -1 : name.indexOf(':');
        if (colon <= 0 || colon == name.length() - 1) {
            throw new PermanentModelException(FailureCode.UNKNOWN_MODEL, "model '" + name + "' is not of the form provider:model", null);
        }
        return new ModelName(name.substring(0, colon), name.substring(colon + 1));
    }

    @Override
    public String toString() {
        return provider + ":" + model;
    }
}
