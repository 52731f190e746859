package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hears every change to a tenant or its API keys, as PostgreSQL announces it ({@code NOTIFY tenant_auth_changes},
 * sent by triggers inside the changing transaction), and drops the affected keys from {@link ApiKeyCache}. It listens
 * on a connection of its own, outside the pool: a pooled connection would be handed to other work, and a LISTEN lasts
 * as long as its session. While that connection is down (PostgreSQL restarting, a network fault, or a heartbeat query
 * that went unanswered) the cache serves nothing, so no change can go unheard; it listens again after
 * {@link GatewaySettings.ApiKeys#reconnectDelay()}.
 */
@Component
class TenantChangeListener implements SmartLifecycle {

    static final String CHANNEL = "tenant_auth_changes";
    /** The name its session shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "gateway-key-listener";
    private static final Logger log = LoggerFactory.getLogger(TenantChangeListener.class);
    private static final int POLL_MILLIS = 500;

    private final ApiKeyCache cache;
    private final JdbcConnectionDetails database;
    private final GatewaySettings.ApiKeys settings;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread listener;
    /** Whether the current outage has been logged: one line per outage, not one per attempt to listen again. */
    private boolean outageLogged;

    TenantChangeListener(ApiKeyCache cache, JdbcConnectionDetails database, GatewaySettings settings) {
        this.cache = cache;
        this.database = database;
        this.settings = settings.apiKeys();
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().name("api-key-listener").daemon().start(this::listenWhileRunning);
    }

    @Override
    public void stop() {
        running = false;
        cache.stopServing();
        closeQuietly(connection); // wakes the listener out of its wait
        if (listener != null) {
            try {
                listener.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Listening before the web server takes requests, and still while its graceful shutdown lets them finish. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }

    private void listenWhileRunning() {
        while (running) {
            try {
                listen();
            } catch (SQLException | RuntimeException e) {
                cache.stopServing();
                if (running && !outageLogged) {
                    log.warn("Lost the connection that hears API key and tenant changes; keys are read from PostgreSQL "
                            + "on every request until it is back: {}", e.toString());
                    outageLogged = true;
                }
            } finally {
                closeQuietly(connection);
            }
            if (running) {
                LockSupport.parkNanos(settings.reconnectDelay().toNanos());
            }
        }
    }

    /** Listens until the connection fails or the gateway stops. */
    private void listen() throws SQLException {
        connection = connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("listen " + CHANNEL);
            cache.startServing(); // after LISTEN committed: from here on no change goes unheard
            log.info("Listening for API key and tenant changes; live keys are answered from memory");
            outageLogged = false;
            PGConnection notifications = connection.unwrap(PGConnection.class);
            long lastCheck = System.nanoTime();
            while (running) {
                PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                if (received != null) {
                    for (PGNotification notification : received) {
                        apply(notification.getParameter());
                    }
                }
                if (System.nanoTime() - lastCheck >= settings.heartbeat().toNanos()) {
                    statement.execute("select 1"); // a half-open socket answers no query: the socket timeout ends it
                    lastCheck = System.nanoTime();
                }
            }
        }
    }

    private void apply(String payload) {
        try {
            cache.changed(new TenantId(UUID.fromString(payload)));
        } catch (IllegalArgumentException notATenant) {
            cache.changedAll(); // '*' (a truncate), or anything unforeseen: drop everything rather than guess
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
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, settings.heartbeat().toSeconds())));
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, settings.heartbeat().toSeconds())));
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
