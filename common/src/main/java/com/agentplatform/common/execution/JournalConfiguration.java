package com.agentplatform.common.execution;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The beans every service shares: the clock all timestamps come from, and the execution journal. */
@Configuration(proxyBeanMethods = false)
public class JournalConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ExecutionJournal executionJournal(JdbcClient jdbc, Clock clock) {
        return new ExecutionJournal(jdbc, clock);
    }

    @Bean
    ExecutionTransitions executionTransitions(JdbcClient jdbc, ExecutionJournal journal, Clock clock) {
        return new ExecutionTransitions(jdbc, journal, clock);
    }

    @Bean
    ApprovalTransitions approvalTransitions(JdbcClient jdbc, ExecutionJournal journal, Clock clock) {
        return new ApprovalTransitions(jdbc, journal, clock);
    }
}
