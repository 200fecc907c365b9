package io.quanta.governance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a request comes from: the subject every policy decides about.
 *
 * @param user the user's name (a token's user, a JWT's subject); {@code anonymous} for requests
 *     without credentials where the mesh allows them
 * @param groups the groups the user is in
 * @param roles the roles the user has, e.g. {@code governance}, {@code pii-reader}
 * @param attributes further facts about the user (e.g. {@code country: DE}) that row filters bind;
 *     each value is a string or a list of strings
 * @param anonymous whether the request carried no credentials
 */
public record Principal(
    String user,
    Set<String> groups,
    Set<String> roles,
    Map<String, Object> attributes,
    boolean anonymous) {

  /** The role of the people who govern the mesh: global policies, every control port, audit. */
  public static final String GOVERNANCE_ROLE = "governance";

  /** A request without credentials, where the mesh config allows anonymous reads. */
  public static final Principal ANONYMOUS =
      new Principal("anonymous", Set.of(), Set.of(), Map.of(), true);

  public Principal {
    requireNonNull(user, "user is null");
    if (user.isBlank()) {
      throw new IllegalArgumentException("a principal needs a user name");
    }
    groups = Set.copyOf(new TreeSet<>(groups));
    roles = Set.copyOf(new TreeSet<>(roles));
    Map<String, Object> copy = new LinkedHashMap<>();
    attributes.forEach(
        (name, value) -> {
          if (value instanceof String) {
            copy.put(name, value);
          } else if (value instanceof List<?> list
              && list.stream().allMatch(String.class::isInstance)) {
            copy.put(name, List.copyOf(list));
          } else {
            throw new IllegalArgumentException(
                "attribute '" + name + "' must be a string or a list of strings, not " + value);
          }
        });
    attributes = java.util.Collections.unmodifiableMap(copy);
  }

  /** A named user with no groups, roles or attributes. */
  public static Principal user(String user) {
    return new Principal(user, Set.of(), Set.of(), Map.of(), false);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Whether this is the owner of something owned by {@code owner}: the user or one of its groups.
   */
  public boolean owns(String owner) {
    return !anonymous && (user.equals(owner) || groups.contains(owner));
  }

  /**
   * Whether this principal may control something owned by {@code owner}: its owner, or the
   * governance role (deploy and run it, see and change its policies, see where its files are).
   */
  public boolean controls(String owner) {
    return owns(owner) || hasRole(GOVERNANCE_ROLE);
  }

  /** The principal as CEL sees it: {@code principal.user}, {@code .groups}, {@code .roles}, ... */
  public Map<String, Object> toCel() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("user", user);
    map.put("groups", new ArrayList<>(new TreeSet<>(groups)));
    map.put("roles", new ArrayList<>(new TreeSet<>(roles)));
    map.put("attributes", attributes);
    map.put("anonymous", anonymous);
    return map;
  }

  @Override
  public String toString() {
    return anonymous ? "anonymous" : user;
  }
}
