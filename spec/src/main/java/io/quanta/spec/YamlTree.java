package io.quanta.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.error.Problem;
import io.quanta.spec.SourceMap.Location;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML document (YAML 1.2 core schema) into a JSON tree, remembering where each field is.
 * Duplicate keys, several documents and syntax errors are reported as problems with their location.
 */
public final class YamlTree {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 64;

  private final String file;
  private final String[] lines;
  private final Map<String, Location> values = new HashMap<>();
  private final Map<String, Location> keys = new HashMap<>();
  private final Map<String, SourceMap.ScalarStyle> styles = new HashMap<>();
  private final Map<String, Integer> contentIndents = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private final Map<Node, Boolean> visiting = new IdentityHashMap<>();

  private YamlTree(String file, String text) {
    this.file = file;
    this.lines = text.split("\n", -1);
  }

  /** The result of reading: the tree (absent when the text is not usable YAML) and problems. */
  public record Result(Optional<JsonNode> tree, SourceMap locations, List<Problem> problems) {}

  /**
   * Reads the text of a file.
   *
   * @param file the file's name as problems should show it
   */
  public static Result read(String file, String text) {
    return new YamlTree(file, text).read(text);
  }

  private Result read(String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setUseMarks(true)
            .setMaxAliasesForCollections(20)
            .build();
    JsonNode tree = null;
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
      if (!documents.hasNext()) {
        problems.add(
            new Problem(file, 1, 1, "", "the file is empty; expected a data product spec"));
      } else {
        Node root = documents.next();
        tree = convert(root, "", 0);
        if (documents.hasNext()) {
          Node extra = documents.next();
          Location at = location(extra.getStartMark());
          problems.add(
              new Problem(
                  file,
                  at.line(),
                  at.column(),
                  "",
                  "a spec file holds one data product; found a second YAML document"));
        }
      }
    } catch (MarkedYamlEngineException e) {
      Location at = location(e.getProblemMark().or(e::getContextMark));
      String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
      String context = e.getContext() == null ? "" : e.getContext() + ": ";
      problems.add(
          new Problem(file, at.line(), at.column(), "", "invalid YAML: " + context + what));
      tree = null;
    } catch (YamlEngineException e) {
      problems.add(new Problem(file, 1, 1, "", "invalid YAML: " + e.getMessage()));
      tree = null;
    } catch (StackOverflowError e) {
      // The YAML library composes nested collections recursively.
      problems.add(
          new Problem(file, 1, 1, "", "invalid YAML: the document nests too deeply to be a spec"));
      tree = null;
    }
    SourceMap map = new SourceMap(file, values, keys, styles, contentIndents);
    return new Result(Optional.ofNullable(tree), map, List.copyOf(problems));
  }

  private JsonNode convert(Node node, String path, int depth) {
    values.putIfAbsent(path, location(node.getStartMark()));
    if (depth > MAX_DEPTH) {
      problems.add(at(node, path, "the document nests deeper than " + MAX_DEPTH + " levels"));
      return JSON.nullNode();
    }
    if (visiting.containsKey(node)) {
      problems.add(at(node, path, "an alias refers to itself"));
      return JSON.nullNode();
    }
    visiting.put(node, Boolean.TRUE);
    try {
      if (node instanceof MappingNode mapping) {
        return convertMapping(mapping, path, depth);
      }
      if (node instanceof SequenceNode sequence) {
        ArrayNode array = JSON.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          array.add(convert(items.get(i), SourceMap.element(path, i), depth + 1));
        }
        return array;
      }
      return convertScalar((ScalarNode) node, path);
    } finally {
      visiting.remove(node);
    }
  }

  private JsonNode convertMapping(MappingNode mapping, String path, int depth) {
    ObjectNode object = JSON.objectNode();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        problems.add(at(keyNode, path, "a key must be a plain name, not a list or a mapping"));
        continue;
      }
      String key = scalarKey.getValue();
      String childPath = SourceMap.child(path, key);
      if (object.has(key)) {
        problems.add(
            at(keyNode, childPath, "duplicate key '" + key + "'; each field may appear once"));
        continue;
      }
      keys.put(childPath, location(keyNode.getStartMark()));
      object.set(key, convert(tuple.getValueNode(), childPath, depth + 1));
    }
    return object;
  }

  private JsonNode convertScalar(ScalarNode scalar, String path) {
    String text = scalar.getValue();
    ScalarStyle style = scalar.getScalarStyle();
    if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
      styles.put(
          path,
          style == ScalarStyle.LITERAL
              ? SourceMap.ScalarStyle.LITERAL_BLOCK
              : SourceMap.ScalarStyle.FOLDED_BLOCK);
      scalar.getStartMark().ifPresent(mark -> contentIndents.put(path, blockIndent(mark)));
      return JSON.textNode(text);
    }
    if (style == ScalarStyle.PLAIN) {
      Tag tag = scalar.getTag();
      if (Tag.NULL.equals(tag)) {
        return JSON.nullNode();
      }
      if (Tag.BOOL.equals(tag)) {
        return JSON.booleanNode(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
      }
      if (Tag.INT.equals(tag)) {
        try {
          BigInteger value = new BigInteger(text.replace("+", ""));
          return value.bitLength() < 64
              ? JSON.numberNode(value.longValue())
              : JSON.numberNode(value);
        } catch (NumberFormatException e) {
          return JSON.textNode(text);
        }
      }
      if (Tag.FLOAT.equals(tag)) {
        try {
          return JSON.numberNode(new BigDecimal(text));
        } catch (NumberFormatException e) {
          return JSON.textNode(text);
        }
      }
    }
    return JSON.textNode(text);
  }

  /** The 1-based column where the content of a block scalar starts: its first line's indent. */
  private int blockIndent(Mark mark) {
    for (int line = mark.getLine() + 1; line < lines.length; line++) {
      String content = lines[line];
      if (!content.isBlank()) {
        int indent = 0;
        while (indent < content.length() && content.charAt(indent) == ' ') {
          indent++;
        }
        return indent + 1;
      }
    }
    return mark.getColumn() + 1;
  }

  private Problem at(Node node, String path, String message) {
    Location location = location(node.getStartMark());
    return new Problem(file, location.line(), location.column(), path, message);
  }

  private static Location location(Optional<Mark> mark) {
    return mark.map(m -> new Location(m.getLine() + 1, m.getColumn() + 1))
        .orElse(new Location(1, 1));
  }
}
