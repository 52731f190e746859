package com.agentplatform.gateway.outbox;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The crash path of the outbox: publishes messages the fast path did not (the gateway died between commit and
 * publish, or Kafka was down). Rows are locked with SKIP LOCKED, so every gateway can run the relay at once.
 */
@Component
class OutboxRelay extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Outbox outbox;
    private final PublishedMessages published;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final GatewaySettings.Outbox settings;

    OutboxRelay(Outbox outbox, PublishedMessages published, TransactionTemplate transactions, TaskScheduler scheduler,
            Clock clock, GatewaySettings settings) {
        super(scheduler, settings.outbox().relayInterval());
        this.outbox = outbox;
        this.published = published;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings.outbox();
    }

    private void round() {
        try {
            published.flush();
            int relayed;
            do {
                relayed = relayOnce();
            } while (relayed == settings.relayBatch());
        } catch (RuntimeException e) {
            log.warn("Outbox relay round failed; next round in {}: {}", settings.relayInterval(), e.toString());
        }
    }

    /** Publishes one batch of stale messages and deletes them; returns how many there were. */
    int relayOnce() {
        Integer count = transactions.execute(status -> {
            List<OutboxMessage> stale = outbox.lockUnpublished(clock.instant().minus(settings.relayGrace()), settings.relayBatch());
            if (stale.isEmpty()) {
                return 0;
            }
            CompletableFuture<?>[] sends = stale.stream()
                    .map(message -> outbox.send(message, () -> { }))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(sends).orTimeout(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS).join();
            outbox.delete(stale.stream().map(OutboxMessage::id).toList());
            log.info("Outbox relay published {} message(s) the fast path had not", stale.size());
            return stale.size();
        });
        return count == null ? 0 : count;
    }

    @Override
    protected void runRound() {
        round();
    }

    @Override
    protected void afterStop() {
        published.flush();
    }
}
