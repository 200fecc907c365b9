package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.change.ChangeLevel;
import java.util.List;

/**
 * What deploying a batch of specs would change, product by product, and whether it may: {@code
 * quanta plan}, {@code quanta apply --dry-run} and {@code POST /api/v1/products?dryRun=true} show
 * it; a deploy of the same batch does exactly that or nothing.
 *
 * @param products one plan per spec that parsed, upstream products first
 * @param validation the batch's validation, the plan's refusals among its errors
 */
public record Plan(List<ProductPlan> products, Validation validation) {
  public Plan {
    products = List.copyOf(products);
    requireNonNull(validation, "validation is null");
  }

  /** The level of the whole batch: the greatest of its products'. */
  public ChangeLevel level() {
    ChangeLevel level = ChangeLevel.NONE;
    for (ProductPlan product : products) {
      level = level.max(product.level());
    }
    return level;
  }

  /** Whether a deploy of the batch would go ahead: no error, no refusal. */
  public boolean deployable() {
    return validation.isValid();
  }
}
