package io.quanta.platform.api;

import io.quanta.error.Problem;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.ProductPlan;
import io.quanta.spec.change.SpecChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan as the API returns it (docs/api.md): product by product, change by change. */
final class PlanJson {
  private PlanJson() {}

  static Map<String, Object> of(Plan plan) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("level", plan.level().specName());
    body.put("deployable", plan.deployable());
    List<Map<String, Object>> products = new ArrayList<>();
    for (ProductPlan product : plan.products()) {
      products.add(product(product));
    }
    body.put("products", products);
    return body;
  }

  private static Map<String, Object> product(ProductPlan product) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("product", product.product().toString());
    entry.put("version", product.version().toString());
    entry.put("action", product.action().specName());
    entry.put("level", product.level().specName());
    product
        .baseline()
        .ifPresent(
            baseline -> {
              Map<String, Object> from = new LinkedHashMap<>();
              from.put("product", baseline.product().toString());
              from.put("version", baseline.version().toString());
              entry.put("baseline", from);
            });
    List<Map<String, Object>> changes = new ArrayList<>();
    for (SpecChange change : product.changes()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("level", change.level().specName());
      item.put("area", change.area().specName());
      change.port().ifPresent(port -> item.put("port", port));
      item.put("path", change.path());
      item.put("description", change.description());
      changes.add(item);
    }
    entry.put("changes", changes);
    List<Map<String, Object>> consumers = new ArrayList<>();
    for (ProductPlan.PortConsumer consumer : product.consumers()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("port", consumer.port().toString());
      item.put("product", consumer.consumer().toString());
      item.put("input", consumer.input());
      consumers.add(item);
    }
    entry.put("consumers", consumers);
    List<Map<String, Object>> refusals = new ArrayList<>();
    for (Problem problem : product.refusals()) {
      refusals.add(Problems.error(problem));
    }
    entry.put("refusals", refusals);
    return entry;
  }
}
