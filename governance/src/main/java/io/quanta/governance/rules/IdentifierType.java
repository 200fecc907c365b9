package io.quanta.governance.rules;

import static java.util.Objects.requireNonNull;

/**
 * A global identifier type: a kind of value that means the same thing in every product (a user's
 * id, a podcast's id, a country code), which columns declare with {@code semantic:} so that
 * products can be joined on it.
 *
 * @param name the type's name, e.g. {@code user-id}
 * @param description what values of the type identify, may be empty
 */
public record IdentifierType(String name, String description) {
  public IdentifierType {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
  }
}
