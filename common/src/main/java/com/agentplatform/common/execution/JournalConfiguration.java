package com.agentplatform.common.execution;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Bean
    Delegations delegations(JdbcClient jdbc, ExecutionJournal journal, Clock clock, TransactionTemplate transactions) {
        return new Delegations(jdbc, journal, clock, transactions);
    }

    @Bean
    ChildResults childResults(JdbcClient jdbc, ExecutionJournal journal, Clock clock) {
        return new ChildResults(jdbc, journal, clock);
    }
}
