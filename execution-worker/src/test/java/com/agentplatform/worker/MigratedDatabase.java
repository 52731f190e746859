package com.agentplatform.worker;

import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/** The test JVM's shared PostgreSQL, migrated, for tests of the worker's statements against the real database. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** A pool of {@code poolSize} connections to it; the caller closes it. */
    public static HikariDataSource open(int poolSize) {
        return migrated(SharedTestStack.get().jdbcUrl(), poolSize);
    }

    /**
     * A database of the shared PostgreSQL that no other test writes to, created on first use: for a test that needs
     * the tables' statistics, or the rows they hold, to be its own.
     */
    public static HikariDataSource openOwn(String name, int poolSize) {
        String shared = SharedTestStack.get().jdbcUrl();
        try (HikariDataSource admin = pool(shared, 1);
                Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet found = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!found.next()) {
                    statement.execute("create database " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return migrated(shared.substring(0, shared.lastIndexOf('/') + 1) + name, poolSize);
    }

    private static HikariDataSource migrated(String jdbcUrl, int poolSize) {
        HikariDataSource dataSource = pool(jdbcUrl, poolSize);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private static HikariDataSource pool(String jdbcUrl, int poolSize) {
        EmbeddedStack stack = SharedTestStack.get();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(jdbcUrl);
        dataSource.setUsername(stack.jdbcUsername());
        dataSource.setPassword(stack.jdbcPassword());
        dataSource.setMaximumPoolSize(poolSize);
        return dataSource;
    }
}
