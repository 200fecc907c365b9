package io.quanta.governance.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import io.quanta.governance.cel.CelEnvironment;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environments of deploy-time rules, one per {@link RuleSubject}, and the values of their
 * variables:
 *
 * <ul>
 *   <li>{@code product}: {@code id} ({@code domain/name:major}), {@code domain}, {@code name},
 *       {@code major}, {@code version}, {@code owner}, {@code description}, {@code kind}, {@code
 *       tags}, {@code inputs} (each {@code name}, {@code type}: file, product, jdbc or kafka, and
 *       {@code product}: the port read, for a product input), {@code outputs} (port names);
 *   <li>{@code output} (output, column and link rules): {@code name}, {@code description}, {@code
 *       eventTime}, {@code key}, {@code columns} (names), {@code access}, {@code eventLog} (no
 *       key);
 *   <li>{@code column} (column and link rules): {@code name}, {@code type}, {@code description},
 *       {@code required}, {@code classification}, {@code semantic}, {@code links}, {@code masked}
 *       (whether a global or the product's own mask covers the column, whoever reads), {@code
 *       masks} (the ids of those masks);
 *   <li>{@code link} (link rules): the target of the column's {@code links}, {@code
 *       domain/name:major/port.column};
 *   <li>{@code mesh}: {@code identifiers} (registered identifier type names), {@code products}
 *       ({@code domain/name:major}) and {@code columns} ({@code domain/name:major/port.column}) of
 *       the mesh as it will be after the deploy: deployed products, replaced by the specs being
 *       deployed.
 * </ul>
 *
 * A field the spec leaves out ({@code eventTime}, {@code kind}, {@code classification}, {@code
 * semantic}, {@code links}) is {@code null}.
 */
public final class RuleContexts {
  private static final Map<RuleSubject, CelEnvironment> ENVIRONMENTS = environments();

  private RuleContexts() {}

  /** The environment a rule's {@code check} compiles in. */
  public static CelEnvironment environment(RuleSubject subject) {
    return ENVIRONMENTS.get(subject);
  }

  private static Map<RuleSubject, CelEnvironment> environments() {
    Map<RuleSubject, CelEnvironment> environments = new EnumMap<>(RuleSubject.class);
    for (RuleSubject subject : RuleSubject.values()) {
      Map<String, CelType> variables = new LinkedHashMap<>();
      variables.put("product", CelEnvironment.OBJECT);
      if (subject.compareTo(RuleSubject.OUTPUT) >= 0) {
        variables.put("output", CelEnvironment.OBJECT);
      }
      if (subject.compareTo(RuleSubject.COLUMN) >= 0) {
        variables.put("column", CelEnvironment.OBJECT);
      }
      if (subject == RuleSubject.LINK) {
        variables.put("link", SimpleType.STRING);
      }
      variables.put("mesh", CelEnvironment.OBJECT);
      environments.put(subject, CelEnvironment.condition(variables));
    }
    return environments;
  }

  static Map<String, Object> product(ProductSpec spec) {
    Map<String, Object> product = new LinkedHashMap<>();
    product.put("id", spec.id().toString());
    product.put("domain", spec.id().domain());
    product.put("name", spec.id().name());
    product.put("major", (long) spec.id().major());
    product.put("version", spec.metadata().version().toString());
    product.put("owner", spec.metadata().owner());
    product.put("description", spec.metadata().description());
    product.put("kind", orNull(spec.metadata().kind().map(kind -> kind.specName())));
    product.put("tags", new ArrayList<>(spec.metadata().tags()));
    List<Object> inputs = new ArrayList<>();
    for (Input input : spec.inputs()) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("name", input.name());
      values.put("type", inputType(input));
      values.put(
          "product",
          input instanceof ProductInput read ? read.port().toString() : NullValue.NULL_VALUE);
      inputs.add(values);
    }
    product.put("inputs", inputs);
    product.put("outputs", spec.outputs().stream().map(Output::name).toList());
    return product;
  }

  static Map<String, Object> output(Output output) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", output.name());
    values.put("description", output.description());
    values.put("eventTime", orNull(output.eventTime()));
    values.put("key", new ArrayList<>(output.key()));
    values.put("columns", output.schema().stream().map(Column::name).toList());
    values.put("access", output.access().stream().sorted().map(AccessMode::specName).toList());
    values.put("eventLog", output.isEventLog());
    return values;
  }

  static Map<String, Object> column(Column column, List<String> masks) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", column.name());
    values.put("type", column.type().toString());
    values.put("description", column.description());
    values.put("required", column.required());
    values.put("classification", orNull(column.classification()));
    values.put("semantic", orNull(column.semantic()));
    values.put("links", orNull(column.links().map(Object::toString)));
    values.put("masked", !masks.isEmpty());
    values.put("masks", new ArrayList<>(masks));
    return values;
  }

  private static String inputType(Input input) {
    if (input instanceof ProductInput) {
      return "product";
    }
    if (input instanceof FileInput) {
      return "file";
    }
    if (input instanceof JdbcInput) {
      return "jdbc";
    }
    if (input instanceof KafkaInput) {
      return "kafka";
    }
    return input.getClass().getSimpleName();
  }

  private static Object orNull(Optional<String> value) {
    return value.<Object>map(text -> text).orElse(NullValue.NULL_VALUE);
  }
}
