package io.quanta.governance.policy;

/** Where a policy comes from: the mesh's governance folder, or the product's own spec. */
public enum PolicyScope {
  /** Mesh-wide, from the governance folder: applies to every product. */
  GLOBAL("global"),
  /** The product's own, from its spec or its control port: may only tighten the global ones. */
  LOCAL("local");

  private final String label;

  PolicyScope(String label) {
    this.label = label;
  }

  /** How a rule id is shown with its scope, e.g. {@code global:pii-hashed}. */
  public String qualify(String id) {
    return label + ":" + id;
  }
}
