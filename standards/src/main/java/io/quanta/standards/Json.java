package io.quanta.standards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;

/** Small helpers to build and read the JSON trees of documents. */
final class Json {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }

  /**
   * A number as a reader expects it: a whole number without a fraction ({@code 0}, not {@code
   * 0.0}), so that the same value written twice is the same tree.
   */
  static JsonNode number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return NODES.numberNode((long) value);
    }
    return NODES.numberNode(value);
  }

  /** A decimal number, whole when it has no fraction. */
  static JsonNode number(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return NODES.numberNode(stripped.longValueExact());
    }
    return NODES.numberNode(stripped.doubleValue());
  }

  /** The text of a field, when it is there and not null. */
  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode()
        ? Optional.empty()
        : Optional.of(value.asText());
  }

  /** A number given as a number or as numeric text, when it is one. */
  static Optional<BigDecimal> decimal(JsonNode value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(value.decimalValue());
    }
    if (value.isTextual()) {
      try {
        return Optional.of(new BigDecimal(value.asText().trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Whether two trees hold the same values: numbers compare by value whatever their representation
   * ({@code 1}, {@code 1.0}), objects whatever their key order.
   */
  static boolean sameValue(JsonNode left, JsonNode right) {
    if (left == null || right == null) {
      return left == right;
    }
    if (left.isNumber() && right.isNumber()) {
      return left.decimalValue().compareTo(right.decimalValue()) == 0;
    }
    if (left.isObject() && right.isObject()) {
      if (left.size() != right.size()) {
        return false;
      }
      java.util.Iterator<String> names = left.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!sameValue(left.get(name), right.get(name))) {
          return false;
        }
      }
      return true;
    }
    if (left.isArray() && right.isArray()) {
      if (left.size() != right.size()) {
        return false;
      }
      for (int i = 0; i < left.size(); i++) {
        if (!sameValue(left.get(i), right.get(i))) {
          return false;
        }
      }
      return true;
    }
    return left.equals(right);
  }
}
