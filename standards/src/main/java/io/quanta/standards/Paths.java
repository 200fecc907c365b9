package io.quanta.standards;

/** Field paths as problems show them: {@code schema[0].properties[2].quality[0]}. */
final class Paths {
  private Paths() {}

  static String child(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
