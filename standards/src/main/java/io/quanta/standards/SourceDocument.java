package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.Problem;
import io.quanta.spec.SourceMap;

/**
 * One ODPS or ODCS document read for import, with where each of its fields is in its file.
 *
 * @param file the file's name as the user gave it
 * @param tree the document
 * @param locations where each field is
 */
record SourceDocument(String file, JsonNode tree, SourceMap locations) {
  SourceDocument {
    requireNonNull(file, "file is null");
    requireNonNull(tree, "tree is null");
    requireNonNull(locations, "locations is null");
  }

  /** A problem at the value of the path. */
  Problem at(String path, String message) {
    return locations.problem(path, message);
  }

  /** A problem at the key of the path, for fields that are there but not used. */
  Problem atKey(String path, String message) {
    return locations.keyProblem(path, message);
  }

  /** The document's {@code kind}, or empty text. */
  String kind() {
    return tree.path("kind").asText("");
  }

  /** The document's {@code apiVersion}, or empty text. */
  String apiVersion() {
    return tree.path("apiVersion").asText("");
  }
}
