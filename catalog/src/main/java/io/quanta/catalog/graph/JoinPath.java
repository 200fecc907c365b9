package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A way to join two products: a chain of products, each step joining the next product on columns
 * that hold the same values.
 *
 * @param from the first product
 * @param to the last product
 * @param steps the joins in order, each from the product the previous one reached; none when the
 *     two products are the same
 */
public record JoinPath(ProductId from, ProductId to, List<Step> steps) {
  /** Why two columns hold the same values. */
  public enum Reason {
    /** One column's {@code links} names the other. */
    LINK,
    /** Both hold the same identifier type (declared with {@code semantic}, or through a link). */
    IDENTIFIER;

    /** The name in JSON and text: lowercase. */
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Two columns to join on.
   *
   * @param from a column of the step's first product
   * @param to a column of the step's second product
   * @param reason why they hold the same values
   * @param identifier the identifier type they hold, when known
   */
  public record Condition(ColumnId from, ColumnId to, Reason reason, Optional<String> identifier) {
    public Condition {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(identifier, "identifier is null");
    }

    /** The same condition read from the other side. */
    Condition reversed() {
      return new Condition(to, from, reason, identifier);
    }

    @Override
    public String toString() {
      return from
          + " = "
          + to
          + " ("
          + (reason == Reason.LINK ? "link" : "identifier " + identifier.orElse("?"))
          + ")";
    }
  }

  /**
   * One join.
   *
   * @param from the product joined from
   * @param to the product joined
   * @param on the column pairs it can be joined on, links first; any one of them joins
   */
  public record Step(ProductId from, ProductId to, List<Condition> on) {
    public Step {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      on = List.copyOf(on);
    }
  }

  public JoinPath {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    steps = List.copyOf(steps);
  }

  /** The products along the path, from first to last. */
  public List<ProductId> products() {
    List<ProductId> products = new ArrayList<>();
    products.add(from);
    steps.forEach(step -> products.add(step.to()));
    return products;
  }
}
