package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.ProductPlan;
import io.quanta.spec.change.ChangeLevel;
import io.quanta.spec.change.SpecChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a plan: each product, what a deploy does to it and why, then the whole. */
final class PlanPrinter {
  private PlanPrinter() {}

  /**
   * Prints the plan to standard output and its warnings and refusals to standard error.
   *
   * @return whether a deploy would go ahead
   */
  static boolean print(Console console, Plan plan) {
    for (Problem warning : plan.validation().warnings()) {
      console.note("warning: " + warning);
    }
    for (ProductPlan product : plan.products()) {
      console.println(headline(product));
      for (SpecChange change : product.changes()) {
        console.println(
            String.format(
                "  %-8s  %-8s  %s",
                change.level().specName(), change.area().specName(), change.subject()));
      }
      consumers(product).ifPresent(console::println);
    }
    console.println(summary(plan));
    if (!plan.deployable()) {
      plan.validation().errors().forEach(problem -> console.note(problem.toString()));
      long files = plan.validation().errors().stream().map(Problem::file).distinct().count();
      console.note(
          "error: "
              + count(plan.validation().errors().size(), "problem")
              + " in "
              + count((int) files, "file")
              + "; nothing would be deployed");
    }
    return plan.deployable();
  }

  private static String headline(ProductPlan product) {
    String version =
        product.baseline().isPresent()
                && product.action() == ProductPlan.Action.UPDATE
                && !product.baseline().get().version().equals(product.version())
            ? product.baseline().get().version() + " -> " + product.version()
            : product.version().toString();
    String what =
        switch (product.action()) {
          case CREATE -> "new product";
          case NEW_MAJOR ->
              "new major version, served beside "
                  + product.baseline().orElseThrow().product()
                  + " ("
                  + product.baseline().orElseThrow().version()
                  + ")";
          case UPDATE -> "in place";
          case UNCHANGED -> "unchanged";
        };
    String level = product.level() == ChangeLevel.NONE ? "" : "  " + product.level().specName();
    String refused = product.allowed() ? "" : "  REFUSED";
    return String.format(
        "%-9s  %s  %s  %s%s%s",
        product.action().specName(), product.product(), version, what, level, refused);
  }

  private static java.util.Optional<String> consumers(ProductPlan product) {
    if (product.consumers().isEmpty() || product.action() == ProductPlan.Action.UNCHANGED) {
      return java.util.Optional.empty();
    }
    Map<String, List<String>> byConsumer = new LinkedHashMap<>();
    product
        .consumers()
        .forEach(
            consumer ->
                byConsumer
                    .computeIfAbsent(
                        consumer.consumer().toString(), unused -> new java.util.ArrayList<>())
                    .add(consumer.port().port()));
    String list =
        byConsumer.entrySet().stream()
            .map(entry -> entry.getKey() + " (" + String.join(", ", entry.getValue()) + ")")
            .collect(Collectors.joining(", "));
    return java.util.Optional.of(
        product.action() == ProductPlan.Action.NEW_MAJOR
            ? "  stays on " + product.baseline().orElseThrow().product() + ": " + list
            : "  read by: " + list);
  }

  private static String summary(Plan plan) {
    Map<ProductPlan.Action, Integer> actions = new LinkedHashMap<>();
    for (ProductPlan.Action action : ProductPlan.Action.values()) {
      actions.put(action, 0);
    }
    plan.products().forEach(product -> actions.merge(product.action(), 1, Integer::sum));
    String counts =
        actions.entrySet().stream()
            .filter(entry -> entry.getValue() > 0)
            .map(entry -> entry.getValue() + " " + entry.getKey().specName())
            .collect(Collectors.joining(", "));
    return "Plan: "
        + count(plan.products().size(), "product")
        + (counts.isEmpty() ? "" : " (" + counts + ")")
        + ", "
        + (plan.level() == ChangeLevel.NONE ? "no change" : plan.level().specName())
        + (plan.deployable() ? "." : "; refused.");
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
