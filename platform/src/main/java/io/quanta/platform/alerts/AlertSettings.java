package io.quanta.platform.alerts;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the mesh sends alerts besides its log ({@code alerts:} in {@code quanta.yaml}).
 *
 * @param webhook the JSON webhook every incident is posted to, when one is configured
 */
public record AlertSettings(Optional<Webhook> webhook) {
  /** Alerts go to the log only. */
  public static final AlertSettings NONE = new AlertSettings(Optional.empty());

  public AlertSettings {
    requireNonNull(webhook, "webhook is null");
  }

  /**
   * A JSON webhook: each opened and each resolved incident is POSTed to it.
   *
   * @param url the http(s) URL posted to
   * @param headers headers sent with every request; a value may reference environment variables as
   *     {@code ${NAME}}, replaced when the request is sent
   * @param timeout how long one request may take
   */
  public record Webhook(URI url, Map<String, String> headers, Duration timeout) {
    /** The timeout when the config gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public Webhook {
      requireNonNull(url, "url is null");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("webhook url is not an http(s) URL: " + url);
      }
      headers = Map.copyOf(headers);
      requireNonNull(timeout, "timeout is null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("webhook timeout must be positive: " + timeout);
      }
    }
  }
}
