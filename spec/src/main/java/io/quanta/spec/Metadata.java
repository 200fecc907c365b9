package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Who a product is: its address, version, owner and description.
 *
 * @param name the product's domain and name
 * @param version the full semantic version; its major is part of the address
 * @param owner who answers for the product
 * @param description what the product holds
 * @param kind source-aligned, aggregate or consumer-aligned, when declared
 * @param tags free labels for search
 * @param docs the product's documentation in Markdown, when written
 */
public record Metadata(
    ProductName name,
    SemVer version,
    String owner,
    String description,
    Optional<ProductKind> kind,
    List<String> tags,
    Optional<String> docs) {
  public Metadata {
    requireNonNull(docs, "docs is null");
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(kind, "kind is null");
    tags = List.copyOf(tags);
  }

  /** The deployable unit this spec describes: the product at its major version. */
  public ProductId id() {
    return name.version(version.major());
  }
}
