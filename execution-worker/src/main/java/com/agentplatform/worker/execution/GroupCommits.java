package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.execution.ExecutionTransitions.Finish;
import com.agentplatform.common.execution.ExecutionTransitions.StepRecorded;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.StepWrite;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.write.WriteBuffer;
import com.agentplatform.worker.WorkerSettings;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writes every running attempt makes, committed together: the steps of many attempts in one statement and one
 * transaction, their finishes likewise. Each attempt still waits for the commit that holds its write before it goes
 * on (a step is durable before the next call starts; a finish is fenced by lease and attempt), so only the cost is
 * shared, never a promise.
 */
@Component
class GroupCommits implements DisposableBean {

    private final WriteBuffer<StepWrite, Optional<StepRecorded>> steps;
    private final WriteBuffer<Finish, Optional<ExecutionEvent>> finishes;

    @Autowired
    GroupCommits(ExecutionTransitions transitions, TransactionTemplate transactions, WorkerSettings settings) {
        this(transitions, transactions, settings.writes().buffer());
    }

    GroupCommits(ExecutionTransitions transitions, TransactionTemplate transactions, WriteBuffer.Settings buffer) {
        this.steps = new WriteBuffer<>("steps", buffer, transactions, transitions::recordSteps);
        this.finishes = new WriteBuffer<>("finishes", buffer, transactions, transitions::finishAll);
    }

    /** Step {@code seq} of an attempt, with its event; empty when the attempt lost its lease. */
    Optional<StepRecorded> recordStep(StepWrite step) {
        return steps.write(step);
    }

    /** The attempt's end; empty when it lost its lease meanwhile. */
    Optional<ExecutionEvent> finish(ExecutionTransitions.Attempt attempt, Outcome outcome) {
        return finishes.write(new Finish(attempt, outcome));
    }

    @Override
    public void destroy() {
        steps.close();
        finishes.close();
    }
}
