package com.agentplatform.gateway.tenant;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which of the keys long-lived requests (status streams) were opened with are no longer live. */
@Component
public class RevokedKeys {

    private final JdbcClient jdbc;

    RevokedKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The keys among {@code keyIds} that are revoked (or gone): one query, however many streams share a key. */
    public Set<UUID> among(Collection<UUID> keyIds) {
        if (keyIds.isEmpty()) {
            return Set.of();
        }
        Set<UUID> revoked = new HashSet<>(keyIds);
        revoked.removeAll(jdbc.sql("select id from api_keys where id = any(:ids) and revoked_at is null")
                .param("ids", keyIds.toArray(UUID[]::new))
                .query(UUID.class)
                .list());
        return revoked;
    }
}
