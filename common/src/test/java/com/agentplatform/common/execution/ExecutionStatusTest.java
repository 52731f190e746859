package com.agentplatform.common.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecutionStatusTest {

    @Test
    void aQueuedExecutionMayStartOrEndButNotSucceedWithoutRunning() {
        assertThat(ExecutionStatus.QUEUED.canMoveTo(ExecutionStatus.RUNNING)).isTrue();
        assertThat(ExecutionStatus.QUEUED.canMoveTo(ExecutionStatus.CANCELLED)).isTrue();
        assertThat(ExecutionStatus.QUEUED.canMoveTo(ExecutionStatus.SUCCEEDED)).isFalse();
    }

    @Test
    void aRunningExecutionGoesBackToQueuedOnlyForARetry() {
        assertThat(ExecutionStatus.RUNNING.allowedNext())
                .containsExactlyInAnyOrder(ExecutionStatus.QUEUED, ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
                        ExecutionStatus.CANCELLED, ExecutionStatus.TIMED_OUT, ExecutionStatus.WAITING);
    }

    @Test
    void aWaitingExecutionIsQueuedAgainByADecisionOrEndsWithoutRunning() {
        assertThat(ExecutionStatus.WAITING.isTerminal()).isFalse();
        assertThat(ExecutionStatus.WAITING.allowedNext())
                .containsExactlyInAnyOrder(ExecutionStatus.QUEUED, ExecutionStatus.CANCELLED, ExecutionStatus.FAILED);
        assertThat(ExecutionStatus.QUEUED.canMoveTo(ExecutionStatus.WAITING)).as("only a running attempt pauses").isFalse();
        assertThatThrownBy(() -> ExecutionStatus.WAITING.requireCanMoveTo(ExecutionStatus.SUCCEEDED))
                .isInstanceOf(IllegalStatusTransitionException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT"})
    void terminalStatusesNeverMoveAgain(ExecutionStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (ExecutionStatus next : ExecutionStatus.values()) {
            assertThatThrownBy(() -> terminal.requireCanMoveTo(next))
                    .isInstanceOf(IllegalStatusTransitionException.class)
                    .hasMessageContaining(terminal.wireName());
        }
    }

    @Test
    void wireNamesAreTheOnesOfThePublicApi() {
        assertThat(ExecutionStatus.wireNames())
                .containsExactly("queued", "running", "succeeded", "failed", "cancelled", "timed_out", "waiting");
        assertThat(ExecutionStatus.fromWireName("waiting")).isEqualTo(ExecutionStatus.WAITING);
        assertThat(ExecutionStatus.fromWireName("timed_out")).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThatThrownBy(() -> ExecutionStatus.fromWireName("done"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queued");
    }

    @Test
    void aChangeThatBreaksTheStateMachineIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> new ExecutionChange(null, null, Guard.status(ExecutionStatus.SUCCEEDED),
                ExecutionStatus.RUNNING, ExecutionEventType.RUNNING, null, null))
                .isInstanceOf(IllegalStatusTransitionException.class)
                .hasMessage("illegal execution status transition succeeded → running");
    }
}
