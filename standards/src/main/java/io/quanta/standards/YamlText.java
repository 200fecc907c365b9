package io.quanta.standards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes JSON trees as block-style YAML, the form ODPS and ODCS documents and Quanta specs are
 * written in: multi-line text (SQL, documentation) as literal blocks, keys in the tree's order.
 */
final class YamlText {
  private static final DumpSettings SETTINGS =
      DumpSettings.builder()
          .setDefaultFlowStyle(FlowStyle.BLOCK)
          .setIndent(2)
          .setIndicatorIndent(2)
          .setIndentWithIndicator(true)
          .setWidth(100)
          .build();

  private YamlText() {}

  /** The tree as one YAML document. */
  static String write(JsonNode tree) {
    return new Dump(SETTINGS).dumpToString(plain(tree));
  }

  /** The tree as the maps, lists and scalars the YAML emitter represents. */
  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(plain(element)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().bitLength() < 64
          ? (Object) node.longValue()
          : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    return node.asText();
  }
}
