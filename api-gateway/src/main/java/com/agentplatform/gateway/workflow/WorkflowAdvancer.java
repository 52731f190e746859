package com.agentplatform.gateway.workflow;

import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves runs on when their children end. A child's terminal event inserts an advance row (a trigger, in the
 * transaction of the transition) and notifies {@code workflow_advances}; every gateway listens, and the one whose
 * advancer takes the row (SKIP LOCKED) applies the advance and deletes the row in one transaction, under the run's row
 * lock. A crash before commit leaves the row for the next round; a notification lost while the listening connection was
 * down is made up by the slow poll ({@link GatewaySettings.Workflows#recoveryPoll()}). Nothing here waits on a child:
 * a run between advances is rows in PostgreSQL, not a thread.
 */
@Component
class WorkflowAdvancer implements SmartLifecycle {

    static final String CHANNEL = "workflow_advances";
    private static final Logger log = LoggerFactory.getLogger(WorkflowAdvancer.class);
    private static final int LISTEN_POLL_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final RunRepository runs;
    private final RunAdvance advance;
    private final WorkflowMetrics metrics;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final JdbcConnectionDetails database;
    private final GatewaySettings.Workflows settings;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private volatile Connection connection;
    private Thread listener;
    private Thread advancer;

    WorkflowAdvancer(RunRepository runs, RunAdvance advance, WorkflowMetrics metrics, Outbox outbox,
            TransactionTemplate transactions, Clock clock, JdbcConnectionDetails database, GatewaySettings settings) {
        this.runs = runs;
        this.metrics = metrics;
        this.advance = advance;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.database = database;
        this.settings = settings.workflows();
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().name("workflow-advance-listener").daemon().start(this::listenWhileRunning);
        advancer = Thread.ofPlatform().name("workflow-advancer").daemon().start(this::advanceWhileRunning);
    }

    @Override
    public void stop() {
        running = false;
        wakeUps.release();
        closeQuietly(connection);
        for (Thread thread : new Thread[] {listener, advancer}) {
            if (thread != null) {
                try {
                    thread.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void advanceWhileRunning() {
        while (running) {
            try {
                wakeUps.tryAcquire(settings.recoveryPoll().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                while (running && advanceDue() > 0) {
                    // more may have arrived meanwhile
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Workflow advance round failed; its advances stay for the next round: {}", e.toString());
            }
        }
    }

    /** One pass over the runs with advances waiting; returns how many it advanced. */
    int advanceDue() {
        int advanced = 0;
        for (UUID run : runs.runsToAdvance(settings.batch())) {
            try {
                List<OutboxMessage> announce = transactions.execute(status -> {
                    Optional<Instant> oldest = runs.takeAdvances(run);
                    if (oldest.isEmpty()) {
                        return null; // another advancer has them
                    }
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    metrics.advanceLag(Duration.between(oldest.get(), now));
                    return runs.lock(run).map(locked -> advance.advance(locked, now)).orElse(List.of());
                });
                if (announce != null) {
                    advanced++;
                    announce.forEach(outbox::publish);
                }
            } catch (RuntimeException e) {
                log.warn("Advance of workflow run {} failed; it is tried again in the next round: {}", run, e.toString());
            }
        }
        return advanced;
    }

    private void listenWhileRunning() {
        while (running) {
            try {
                listen();
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Lost the connection that hears workflow advances; polling every {} until it is back: {}",
                            settings.recoveryPoll(), e.toString());
                }
            } finally {
                closeQuietly(connection);
            }
            if (running) {
                LockSupport.parkNanos(RECONNECT_DELAY.toNanos());
            }
        }
    }

    private void listen() throws SQLException {
        connection = connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("listen " + CHANNEL);
            wakeUps.release(); // whatever was notified before this LISTEN is picked up now
            PGConnection notifications = connection.unwrap(PGConnection.class);
            while (running) {
                PGNotification[] received = notifications.getNotifications(LISTEN_POLL_MILLIS);
                if (received != null && received.length > 0) {
                    wakeUps.release();
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", "gateway-workflow-listener");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(database.getJdbcUrl(), properties);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection may fail; it is gone either way
            }
        }
    }
}
