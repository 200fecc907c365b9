package io.quanta.platform.alerts;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts a JSON body to the configured webhook, once: retries are the caller's. Header values have
 * their {@code ${NAME}} references replaced by environment variables at each request, so a rotated
 * secret is picked up without a restart and never sits in the config file. Thread safe.
 */
final class WebhookClient {
  /** A reference to an environment variable in a header value. */
  static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final AlertSettings.Webhook webhook;
  private final Function<String, String> environment;
  private final HttpClient client;

  WebhookClient(AlertSettings.Webhook webhook, Function<String, String> environment) {
    this.webhook = webhook;
    this.environment = environment;
    this.client = HttpClient.newBuilder().connectTimeout(webhook.timeout()).build();
  }

  /** How one request went. */
  record Attempt(boolean delivered, boolean retryable, String problem) {
    static final Attempt DELIVERED = new Attempt(true, false, "");

    static Attempt retry(String problem) {
      return new Attempt(false, true, problem);
    }

    static Attempt fail(String problem) {
      return new Attempt(false, false, problem);
    }
  }

  /**
   * Posts the body. A 2xx answer delivers it; a 5xx, 408 or 429 answer, a timeout or a connection
   * failure may be retried; anything else (another 4xx, an unset variable) will fail again.
   *
   * @throws InterruptedException when the thread is interrupted while waiting for the answer
   */
  Attempt post(String json) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(webhook.url())
            .timeout(webhook.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "quanta-alerts")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    for (Map.Entry<String, String> header : webhook.headers().entrySet()) {
      Matcher reference = VARIABLE.matcher(header.getValue());
      StringBuilder value = new StringBuilder();
      while (reference.find()) {
        String variable = reference.group(1);
        String replacement = environment.apply(variable);
        if (replacement == null) {
          return Attempt.fail(
              "the environment variable "
                  + variable
                  + " of the header "
                  + header.getKey()
                  + " is not set");
        }
        reference.appendReplacement(value, Matcher.quoteReplacement(replacement));
      }
      reference.appendTail(value);
      try {
        request.header(header.getKey(), value.toString());
      } catch (IllegalArgumentException e) {
        // Not echoed: the value may hold a secret.
        return Attempt.fail("the header " + header.getKey() + " has a value HTTP does not allow");
      }
    }
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      return Attempt.retry("no answer within " + webhook.timeout());
    } catch (IOException e) {
      return Attempt.retry(e.toString());
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return Attempt.DELIVERED;
    }
    String problem = "HTTP " + status;
    return status / 100 == 5 || status == 408 || status == 429
        ? Attempt.retry(problem)
        : Attempt.fail(problem);
  }

  @Override
  public String toString() {
    return webhook.url().toString();
  }
}
