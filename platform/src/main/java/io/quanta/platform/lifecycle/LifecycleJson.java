package io.quanta.platform.lifecycle;

import io.quanta.platform.discovery.DiscoveryService;
import io.quanta.platform.registry.LifecycleEvent;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.spec.ProductId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifecycles and consumers as the API ({@code .../lifecycle}, {@code .../consumers}) and the CLI's
 * {@code --format json} show them: versions as {@code domain/name:major} text, times as ISO-8601.
 */
public final class LifecycleJson {
  private LifecycleJson() {}

  /** A version's lifecycle: the tombstone of a retired version. */
  public static Map<String, Object> lifecycle(
      ProductLifecycle lifecycle, List<LifecycleEvent> history) {
    Map<String, Object> view = new LinkedHashMap<>();
    ProductId product = lifecycle.product();
    view.put("product", product.product().toString());
    view.put("major", product.major());
    view.put("state", lifecycle.state().text());
    lifecycle
        .deprecation()
        .ifPresent(
            deprecation -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("deprecatedAt", deprecation.deprecatedAt());
              entry.put("deprecatedBy", deprecation.deprecatedBy());
              entry.put("sunset", deprecation.sunset());
              entry.put("successor", deprecation.successor().map(Object::toString).orElse(null));
              entry.put(
                  "successorHref",
                  deprecation.successor().map(DiscoveryService::href).orElse(null));
              entry.put("reason", deprecation.reason().orElse(null));
              view.put("deprecation", entry);
            });
    lifecycle
        .retirement()
        .ifPresent(
            retirement -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("retiredAt", retirement.retiredAt());
              entry.put("retiredBy", retirement.retiredBy());
              entry.put("forced", retirement.forced());
              entry.put("reason", retirement.reason().orElse(null));
              entry.put("tablesDroppedAt", retirement.tablesDroppedAt().orElse(null));
              view.put("retirement", entry);
            });
    List<Map<String, Object>> events = new ArrayList<>();
    for (LifecycleEvent event : history) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("action", event.action());
      entry.put("at", event.at());
      entry.put("by", event.by());
      entry.put("details", event.details());
      events.add(entry);
    }
    view.put("history", events);
    return view;
  }

  /** A version's consumers; readers only when the caller may see them. */
  public static Map<String, Object> consumers(Consumers consumers) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("product", consumers.product().product().toString());
    view.put("major", consumers.product().major());
    view.put("state", consumers.state());
    view.put("since", consumers.since());
    view.put("readersShown", consumers.readersShown());
    List<Map<String, Object>> ports = new ArrayList<>();
    for (Consumers.PortConsumers port : consumers.ports()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("port", port.port());
      List<Map<String, Object>> products = new ArrayList<>();
      for (Consumers.ProductConsumer product : port.products()) {
        Map<String, Object> consumer = new LinkedHashMap<>();
        consumer.put("product", product.product().toString());
        consumer.put("input", product.input());
        consumer.put("owner", product.owner());
        consumer.put("state", product.state());
        consumer.put("reads", product.reads());
        consumer.put("lastReadAt", product.lastReadAt().orElse(null));
        consumer.put("href", DiscoveryService.href(product.product()));
        products.add(consumer);
      }
      entry.put("products", products);
      if (consumers.readersShown()) {
        List<Map<String, Object>> readers = new ArrayList<>();
        for (Consumers.PortReader reader : port.readers()) {
          Map<String, Object> consumer = new LinkedHashMap<>();
          consumer.put("reader", reader.reader());
          consumer.put("modes", reader.modes());
          consumer.put("purposes", reader.purposes());
          consumer.put("reads", reader.reads());
          consumer.put("lastReadAt", reader.lastReadAt());
          readers.add(consumer);
        }
        entry.put("readers", readers);
      }
      ports.add(entry);
    }
    view.put("ports", ports);
    return view;
  }
}
