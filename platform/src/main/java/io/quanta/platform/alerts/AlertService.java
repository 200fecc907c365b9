package io.quanta.platform.alerts;

import static java.util.Objects.requireNonNull;

import io.quanta.platform.registry.Registry;
import io.quanta.spec.ProductId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the outcomes of checks (SLOs, quality expectations, drift) into incidents and alerts: the
 * first failing outcome of a check opens an incident and alerts once, later failures only count in
 * it, and the next passing outcome resolves it and sends one resolution notice (docs/alerts.md).
 *
 * <p>Incidents live in the registry, so every process sharing it agrees on them: two processes
 * observing the same failure open one incident and alert once. Alerts always go to the log (WARN
 * when an incident opens, INFO when it is resolved, from the process that changed its state) and,
 * when {@code alerts.webhook} is configured, are POSTed to the webhook as JSON from a background
 * thread, retried, and sent again by a later delivery pass if they could not be delivered (at least
 * once; once per state change unless a process dies while delivering).
 *
 * <p>Thread safe. {@link #close()} stops the delivery thread.
 */
public final class AlertService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

  /** How often a failure that another process opened and resolved meanwhile is tried again. */
  private static final int OPEN_TRIES = 3;

  private final IncidentStore store;
  private final Optional<WebhookDelivery> delivery;

  /**
   * Starts the service and a first delivery pass, for notifications a previous process could not
   * deliver.
   *
   * @param registry where incidents are kept
   * @param settings where alerts go besides the log
   * @param environment the environment variables that webhook header values may reference
   * @param discoveryUrl the address of a product version's discovery port, when it is known
   * @param clock the time of delivery leases
   */
  public AlertService(
      Registry registry,
      AlertSettings settings,
      Function<String, String> environment,
      Function<ProductId, Optional<URI>> discoveryUrl,
      Clock clock) {
    this(registry, settings, environment, discoveryUrl, clock, WebhookDelivery.Retry.DEFAULT);
  }

  AlertService(
      Registry registry,
      AlertSettings settings,
      Function<String, String> environment,
      Function<ProductId, Optional<URI>> discoveryUrl,
      Clock clock,
      WebhookDelivery.Retry retry) {
    requireNonNull(registry, "registry is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(discoveryUrl, "discoveryUrl is null");
    requireNonNull(clock, "clock is null");
    this.store = new IncidentStore(registry);
    this.delivery =
        settings
            .webhook()
            .map(
                webhook ->
                    new WebhookDelivery(
                        store,
                        webhook,
                        new WebhookClient(webhook, environment),
                        discoveryUrl,
                        clock,
                        retry));
    delivery.ifPresent(WebhookDelivery::request);
  }

  /**
   * Records the outcome of one evaluation of a check: opens an incident when the check starts
   * failing, counts a failure in the open incident while it keeps failing, resolves it when the
   * check passes again. A passing outcome without an open incident changes nothing. Returns once
   * the incident is in the registry and logged; the webhook is told in the background.
   *
   * <p>Safe to call from several threads and processes at once.
   */
  public void observe(CheckOutcome outcome) {
    requireNonNull(outcome, "outcome is null");
    boolean notified = delivery.isEmpty(); // the log is then the only channel, written below
    if (outcome.failing()) {
      for (int tries = 0; tries < OPEN_TRIES; tries++) {
        if (store.recordFailure(outcome).isPresent()) {
          break;
        }
        Optional<Incident> opened = store.open(outcome, notified);
        if (opened.isPresent()) {
          logOpened(opened.get());
          break;
        }
        // Another process opened it between the two statements: count the failure in it.
      }
    } else {
      store.resolve(outcome, notified).ifPresent(resolved -> logResolved(resolved, outcome));
    }
    delivery.ifPresent(WebhookDelivery::request);
  }

  /** Every open incident, newest first. */
  public List<Incident> open() {
    return store.open(Optional.empty());
  }

  /** The open incidents of a product version, newest first. */
  public List<Incident> open(ProductId product) {
    return store.open(Optional.of(requireNonNull(product, "product is null")));
  }

  /** The newest incidents of the mesh, open or resolved, newest first, at most {@code limit}. */
  public List<Incident> history(int limit) {
    return store.history(Optional.empty(), positive(limit));
  }

  /** The newest incidents of a product version, open or resolved, newest first. */
  public List<Incident> history(ProductId product, int limit) {
    return store.history(Optional.of(requireNonNull(product, "product is null")), positive(limit));
  }

  /** One incident by its id. */
  public Optional<Incident> incident(long id) {
    return store.find(id);
  }

  /**
   * Waits until the webhook deliveries queued so far are done: delivered, or given up for a later
   * retry. For commands that exit right after observing checks, and for tests.
   *
   * @return whether they were done within the timeout; true at once without a webhook
   */
  public boolean awaitDeliveries(Duration timeout) {
    requireNonNull(timeout, "timeout is null");
    return delivery.map(pending -> pending.await(timeout)).orElse(true);
  }

  /**
   * Gives the queued deliveries the webhook's timeout to finish, then stops the delivery thread.
   * Notifications not delivered by then are sent by the next process that starts or observes a
   * check.
   */
  @Override
  public void close() {
    delivery.ifPresent(WebhookDelivery::close);
  }

  private static void logOpened(Incident incident) {
    LOG.warn(
        "Incident {} opened: {} check {} ({} {}) fails: {} (observed: {})",
        incident.id(),
        incident.subject(),
        incident.check(),
        incident.kind().text(),
        incident.severity().text(),
        incident.lastMessage(),
        incident.observed());
  }

  private static void logResolved(Incident incident, CheckOutcome passed) {
    LOG.info(
        "Incident {} resolved: {} check {} ({} {}) passes again: {} (observed: {}), after {}"
            + " failure(s)",
        incident.id(),
        incident.subject(),
        incident.check(),
        incident.kind().text(),
        incident.severity().text(),
        passed.message(),
        passed.observed(),
        incident.occurrences());
  }

  private static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return limit;
  }
}
