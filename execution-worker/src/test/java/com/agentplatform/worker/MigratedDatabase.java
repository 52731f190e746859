package com.agentplatform.worker;

import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The test JVM's shared PostgreSQL, migrated, for tests of the worker's statements against the real database. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** A pool of {@code poolSize} connections to it; the caller closes it. */
    public static HikariDataSource open(int poolSize) {
        EmbeddedStack stack = SharedTestStack.get();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(stack.jdbcUrl());
        dataSource.setUsername(stack.jdbcUsername());
        dataSource.setPassword(stack.jdbcPassword());
        dataSource.setMaximumPoolSize(poolSize);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
