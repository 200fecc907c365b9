package io.quanta.platform.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.ProductId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the webhook of every state change of every incident, on one background thread, so that a
 * slow or broken webhook never holds up the code observing checks.
 *
 * <p>What is still to be sent lives in the registry ({@code notified_open}, {@code
 * notified_resolved}), not in memory: every delivery pass sends what any process left undelivered.
 * A pass first takes an incident's lease in the registry, so two processes never send the same
 * notification. A notification the webhook keeps refusing is retried with back-off, then left for a
 * later pass (the next observed check or the next start, after {@link Retry#later}).
 *
 * <p>Thread safe.
 */
final class WebhookDelivery implements AutoCloseable {
  // One logger for everything alerts log, so that one setting shows or hides them all.
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 100;

  /**
   * How hard a pass tries.
   *
   * @param attempts requests per notification, at least 1
   * @param firstBackoff the wait after the first failed request, doubled after each further one
   * @param later how long a notification given up waits before a later pass tries again
   */
  record Retry(int attempts, Duration firstBackoff, Duration later) {
    static final Retry DEFAULT = new Retry(5, Duration.ofMillis(500), Duration.ofMinutes(1));

    Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
      }
    }

    /** The longest a pass may hold an incident: both of its notifications, every attempt. */
    Duration lease(Duration timeout) {
      Duration oneNotification =
          timeout
              .multipliedBy(2L * attempts)
              .plus(firstBackoff.multipliedBy((1L << Math.min(attempts, 30)) - 1));
      return oneNotification.multipliedBy(2).plus(Duration.ofMinutes(1));
    }
  }

  private enum Outcome {
    DELIVERED,
    GAVE_UP,
    INTERRUPTED
  }

  private final IncidentStore store;
  private final WebhookClient client;
  private final Function<ProductId, Optional<URI>> discoveryUrl;
  private final Clock clock;
  private final Retry retry;
  private final Duration lease;
  private final Duration closeGrace;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "quanta-alerts");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean passQueued = new AtomicBoolean();

  WebhookDelivery(
      IncidentStore store,
      AlertSettings.Webhook webhook,
      WebhookClient client,
      Function<ProductId, Optional<URI>> discoveryUrl,
      Clock clock,
      Retry retry) {
    this.store = store;
    this.client = client;
    this.discoveryUrl = discoveryUrl;
    this.clock = clock;
    this.retry = retry;
    this.lease = retry.lease(webhook.timeout());
    this.closeGrace = webhook.timeout().plusSeconds(2);
  }

  /** Queues a delivery pass, unless one is queued already and has not started. */
  void request() {
    if (passQueued.compareAndSet(false, true)) {
      try {
        executor.execute(
            () -> {
              // Reset before reading the registry: a change committed after this line gets a pass
              // of its own.
              passQueued.set(false);
              pass();
            });
      } catch (RejectedExecutionException e) {
        passQueued.set(false); // closed: the registry keeps it for the next start
      }
    }
  }

  /** Waits until the passes queued so far are over; whether they were within the timeout. */
  boolean await(Duration timeout) {
    try {
      executor.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException | TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Lets the queued passes finish for a moment (the webhook's timeout and two seconds), then
   * interrupts them: what they did not send stays undelivered in the registry.
   */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void pass() {
    try {
      boolean claimedAny = true;
      while (claimedAny && !Thread.currentThread().isInterrupted()) {
        claimedAny = false;
        Instant now = clock.instant();
        for (Incident candidate : store.undelivered(now, BATCH)) {
          Optional<Incident> claimed = store.claim(candidate.id(), now, now.plus(lease));
          if (claimed.isPresent()) {
            claimedAny = true;
            if (!deliver(claimed.get())) {
              return;
            }
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not deliver alerts to {}; will retry after the next check", client, e);
    }
  }

  /** Sends what the incident's webhook has not heard yet; false when interrupted. */
  private boolean deliver(Incident incident) {
    Outcome outcome = Outcome.DELIVERED;
    if (!incident.notifiedOpen()) {
      outcome = post(incident, "firing");
      if (outcome == Outcome.DELIVERED) {
        store.deliveredOpen(incident.id());
      }
    }
    if (outcome == Outcome.DELIVERED && !incident.open() && !incident.notifiedResolved()) {
      outcome = post(incident, "resolved");
      if (outcome == Outcome.DELIVERED) {
        store.deliveredResolved(incident.id());
      }
    }
    store.release(
        incident.id(),
        outcome == Outcome.GAVE_UP
            ? Optional.of(clock.instant().plus(retry.later()))
            : Optional.empty());
    return outcome != Outcome.INTERRUPTED;
  }

  private Outcome post(Incident incident, String status) {
    String body = body(incident, status);
    Duration backoff = retry.firstBackoff();
    for (int attempt = 1; ; attempt++) {
      WebhookClient.Attempt result;
      try {
        result = client.post(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.INTERRUPTED;
      }
      if (result.delivered()) {
        return Outcome.DELIVERED;
      }
      if (!result.retryable() || attempt == retry.attempts()) {
        LOG.warn(
            "Could not deliver the {} alert of incident {} ({} check {}) to {}: {} after {}"
                + " attempt(s); it will be sent again on a later check or start",
            status,
            incident.id(),
            incident.subject(),
            incident.check(),
            client,
            result.problem(),
            attempt);
        return Outcome.GAVE_UP;
      }
      LOG.debug(
          "Alert of incident {} to {} failed ({}), retrying in {}",
          incident.id(),
          client,
          result.problem(),
          backoff);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.INTERRUPTED;
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  /** The JSON body of a notification (docs/alerts.md). */
  private String body(Incident incident, String status) {
    ObjectNode body = JSON.createObjectNode();
    body.put("status", status);
    body.put("incident", incident.id());
    body.put("product", incident.product().toString());
    incident.port().ifPresent(port -> body.put("port", port));
    body.put("check", incident.check());
    body.put("kind", incident.kind().text());
    body.put("severity", incident.severity().text());
    body.put("message", incident.lastMessage());
    body.put("observed", incident.observed());
    body.put("occurrences", incident.occurrences());
    body.put("openedAt", incident.openedAt().toString());
    if (status.equals("resolved")) {
      incident.resolvedAt().ifPresent(at -> body.put("resolvedAt", at.toString()));
    }
    discoveryUrl.apply(incident.product()).ifPresent(url -> body.put("url", url.toString()));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
