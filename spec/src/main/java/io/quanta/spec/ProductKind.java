package io.quanta.spec;

/** Where a product sits between its sources and its consumers. */
public enum ProductKind {
  SOURCE_ALIGNED("source-aligned"),
  AGGREGATE("aggregate"),
  CONSUMER_ALIGNED("consumer-aligned");

  private final String specName;

  ProductKind(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  public static ProductKind fromSpecName(String name) {
    for (ProductKind kind : values()) {
      if (kind.specName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown product kind: " + name);
  }
}
