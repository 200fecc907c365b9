package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

/**
 * A global identifier type registered in the mesh's governance, as the graphs know it (the
 * governance module owns the registration; the platform hands the types over).
 *
 * @param name the type's name, e.g. {@code user-id}
 * @param description what values of the type identify, may be empty
 */
public record RegisteredIdentifier(String name, String description) {
  public RegisteredIdentifier {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
  }
}
