package com.agentplatform.worker.webhook;

import com.agentplatform.common.schedule.PeriodicTask;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes settled deliveries past their retention, so the delivery log does not grow for ever. Every worker runs it,
 * but a batch is deleted only under an advisory lock, so one worker at a time does the work; small batches, each its
 * own transaction, so a backlog after an upgrade never holds a long transaction.
 */
@Component
class WebhookRetention extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);
    /** Batches in one round at most, so one round of a large backlog ends and the next picks up where it stopped. */
    private static final int MAX_BATCHES = 100;

    private final WebhookDeliveries deliveries;
    private final WebhookSettings settings;
    private final Clock clock;

    WebhookRetention(WebhookDeliveries deliveries, WebhookSettings settings, TaskScheduler scheduler, Clock clock) {
        super(scheduler, settings.retentionInterval());
        this.deliveries = deliveries;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (settings.enabled()) {
            super.start();
        }
    }

    @Override
    protected void runRound() {
        try {
            Instant before = clock.instant().minus(settings.retention());
            int total = 0;
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                int deleted = deliveries.deleteSettled(before, settings.retentionBatch());
                total += deleted;
                if (deleted < settings.retentionBatch()) {
                    break;
                }
            }
            if (total > 0) {
                log.info("Deleted {} webhook deliveries settled before {}", total, before);
            }
        } catch (RuntimeException e) {
            log.warn("Deleting old webhook deliveries failed; the next round tries again: {}", e.toString());
        }
    }
}
