package io.quanta.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class SpecParserTest {
  private final SpecParser parser = SpecParser.create();

  @Test
  void parsesTheDescriptorOfTheDesign() {
    Path file = resource("specs/demographics.yaml");
    ProductSpec spec = parser.parse(file).orThrow();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(spec.id()).hasToString("podcasts/listeners-demographics:1");
    softly.assertThat(spec.metadata().version()).isEqualTo(new SemVer(1, 2, 0, ""));
    softly.assertThat(spec.metadata().kind()).contains(ProductKind.AGGREGATE);
    softly.assertThat(spec.metadata().tags()).containsExactly("marketing", "demographics");
    softly.assertThat(spec.inputs()).hasSize(3);
    softly
        .assertThat(spec.productInputs())
        .extracting(ProductInput::port)
        .extracting(PortId::toString)
        .containsExactly("podcasts/play-events:1/events", "users/user-profiles:2/profiles");
    FileInput countries = (FileInput) spec.inputs().get(2);
    softly.assertThat(countries.format()).isEqualTo(FileFormat.CSV);
    softly
        .assertThat(countries.location())
        .isEqualTo(file.getParent().resolve("data/countries.csv").toString());
    Output output = spec.outputs().get(0);
    softly.assertThat(output.eventTime()).contains("day");
    softly.assertThat(output.key()).containsExactly("podcast_id", "age_band", "country", "day");
    softly.assertThat(output.schema()).extracting(Column::type).contains(ColumnType.BIGINT);
    softly
        .assertThat(output.column("podcast_id").flatMap(Column::links).map(Object::toString))
        .contains("podcasts/podcast-catalog:1/podcasts.podcast_id");
    softly
        .assertThat(output.column("country").flatMap(Column::semantic))
        .contains("iso-3166-alpha2");
    softly.assertThat(output.access()).containsExactly(AccessMode.SQL);
    softly.assertThat(spec.slo().freshness()).contains(Duration.ofHours(24));
    softly.assertThat(spec.slo().completeness().orElseThrow().min()).isEqualTo(0.99);
    softly.assertThat(spec.slo().completeness().orElseThrow().against()).contains("plays");
    softly.assertAll();
  }

  @Test
  void reportsEverySchemaProblemAtOnceWithLineColumnAndPath() {
    SpecParser.Result result = parser.parse(resource("specs/many-problems.yaml"));

    assertThat(result.spec()).isEmpty();
    assertThat(result.errors())
        .map(SpecParserTest::withoutFolder)
        .containsExactlyInAnyOrder(
            "many-problems.yaml:3:1: metadata: missing required field 'owner'",
            "many-problems.yaml:4:11: metadata.domain: must be lowercase letters, digits and"
                + " '-', starting with a letter (e.g. listeners-demographics)",
            "many-problems.yaml:6:12: metadata.version: must be a semantic version"
                + " MAJOR.MINOR.PATCH written as a string, e.g. \"1.2.0\"",
            "many-problems.yaml:10:14: inputs[0].product: must be domain/name:major/port, e.g."
                + " podcasts/play-events:1/events",
            "many-problems.yaml:18:28: outputs[0].schema[1].type: must be one of string,"
                + " boolean, integer, bigint, double, decimal(p,s), date, timestamp",
            "many-problems.yaml:19:5: outputs[0].acess: unknown field 'acess'; did you mean"
                + " 'access'?");
  }

  @Test
  void suggestsTheAllowedFieldsWhenAnUnknownOneIsNoTypo() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        flavour: vanilla
        metadata: {domain: a, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        """;
    SpecParser.Result result = parser.parse(new SpecSource("inline.yaml", Path.of("."), text));

    assertThat(result.errors())
        .singleElement()
        .hasToString(
            "inline.yaml:3:1: flavour: unknown field 'flavour'; expected one of apiVersion,"
                + " kind, metadata, inputs, outputs, slo, schedule, policies");
  }

  @Test
  void reportsEverySemanticProblemAtOnce() {
    SpecParser.Result result = parser.parse(resource("specs/semantic-problems.yaml"));

    assertThat(result.errors())
        .map(SpecParserTest::withoutFolder)
        .containsExactlyInAnyOrder(
            "semantic-problems.yaml:12:11: inputs[1].name: duplicate input name 'plays'; input"
                + " names must differ",
            "semantic-problems.yaml:14:5: inputs[2]: an input reads another product ('product:"
                + " domain/name:major/port'), files ('file: path'), a database ('jdbc: {url,"
                + " table}') or a topic ('kafka: {topic}'); give exactly one of them, not product"
                + " and file",
            "semantic-problems.yaml:18:11: inputs[3].file: cannot tell the format of"
                + " 'data/plays.dat' from its extension; add 'format: csv', 'format: json' or"
                + " 'format: parquet'",
            "semantic-problems.yaml:27:16: outputs[0].schema[2].name: duplicate column 'rank';"
                + " column names must differ",
            "semantic-problems.yaml:28:16: outputs[0].schema[3].name: 'filename' is reserved by"
                + " the platform; choose another column name",
            "semantic-problems.yaml:22:16: outputs[0].eventTime: eventTime column 'rank' is"
                + " integer; it must be a date or timestamp",
            "semantic-problems.yaml:23:16: outputs[0].key[1]: key column 'podcast' is not in the"
                + " schema; declared columns: day, rank, filename");
  }

  @Test
  void reportsYamlSyntaxErrorsWithTheirPosition() {
    SpecParser.Result result = parser.parse(resource("specs/not-yaml.yaml"));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(6);
              assertThat(problem.message()).startsWith("invalid YAML:");
            });
  }

  @Test
  void reportsDuplicateKeysAndSecondDocuments() {
    String text =
        """
        apiVersion: quanta/v1
        apiVersion: quanta/v1
        ---
        kind: DataProduct
        """;
    SpecParser.Result result = parser.parse(new SpecSource("dup.yaml", Path.of("."), text));

    assertThat(result.errors())
        .extracting(Problem::toString)
        .containsExactly(
            "dup.yaml:2:1: apiVersion: duplicate key 'apiVersion'; each field may appear once",
            "dup.yaml:4:1: a spec file holds one data product; found a second YAML document");
  }

  @Test
  void keepsPoliciesForGovernanceAndRefusesUnknownSections() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: a, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        policies:
          masks: [{column: x, method: "null"}]
        """;
    ProductSpec spec = parser.parse(new SpecSource("p.yaml", Path.of("."), text)).orThrow();
    assertThat(spec.policies().path("masks").get(0).path("column").asText()).isEqualTo("x");

    SpecParser.Result result =
        parser.parse(new SpecSource("p.yaml", Path.of("."), text.replace("masks:", "mask:")));
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).startsWith("policies");
              assertThat(problem.line()).isEqualTo(7);
            });
  }

  @Test
  void refusesDomainsThatAreCatalogsOfTheSqlEngine() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: system, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        """;
    SpecParser.Result result = parser.parse(new SpecSource("r.yaml", Path.of("."), text));

    assertThat(result.errors())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("metadata.domain"));
  }

  @Test
  void dropsTrailingSemicolonsFromTheSql() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: a, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - name: p
            sql: |
              SELECT 1 AS x;
            schema: [{name: x, type: integer}]
        """;
    ProductSpec spec = parser.parse(new SpecSource("s.yaml", Path.of("."), text)).orThrow();
    assertThat(spec.outputs().get(0).sql()).isEqualTo("SELECT 1 AS x");
  }

  @Test
  void refusesWhatWouldOtherwiseBreakLaterWithAClearProblem() {
    String pinnedName =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: shop, name: prices-v1, version: 99999999999.0.0, owner: o, description: d}
        inputs: [{name: f, file: "a\\u0000b.csv"}]
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        """;
    assertThat(parser.parse(new SpecSource("n.yaml", Path.of("."), pinnedName)).errors())
        .extracting(Problem::path)
        .containsExactly("metadata.version");

    String fixedVersion = pinnedName.replace("99999999999.0.0", "1.0.0");
    assertThat(parser.parse(new SpecSource("n.yaml", Path.of("."), fixedVersion)).errors())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder("metadata.name", "inputs[0].file");

    String deep = "apiVersion: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
    assertThat(parser.parse(new SpecSource("deep.yaml", Path.of("."), deep)).errors())
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).startsWith("invalid YAML"));
  }

  @Test
  void parsesDatabaseTopicAndIncrementalInputs() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: shop, name: orders, version: 1.0.0, owner: o, description: d}
        inputs:
          - name: orders
            jdbc: {url: "jdbc:postgresql://db/shop", table: public.orders, cursor: updated_at, user: reader, passwordEnv: SHOP_PASSWORD}
          - name: clicks
            kafka: {topic: web.clicks}
            schema: [{name: user_id, type: string}, {name: at, type: timestamp}]
          - name: plays
            product: podcasts/play-events:1/events
            mode: incremental
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        """;
    ProductSpec spec = parser.parse(new SpecSource("io.yaml", Path.of("."), text)).orThrow();

    JdbcInput orders = (JdbcInput) spec.inputs().get(0);
    assertThat(orders.table()).contains("public.orders");
    assertThat(orders.cursor()).contains("updated_at");
    assertThat(orders.passwordEnv()).contains("SHOP_PASSWORD");
    KafkaInput clicks = (KafkaInput) spec.inputs().get(1);
    assertThat(clicks.topic()).isEqualTo("web.clicks");
    assertThat(clicks.schema()).hasSize(2);
    assertThat(((ProductInput) spec.inputs().get(2)).mode())
        .isEqualTo(ProductInput.Mode.INCREMENTAL);
  }

  @Test
  void refusesInputsThatCannotWork() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: shop, name: orders, version: 1.0.0, owner: o, description: d}
        inputs:
          - {name: a, jdbc: {url: "jdbc:postgresql://db/shop"}}
          - {name: b, kafka: {topic: clicks}}
          - {name: c, file: x.csv, mode: incremental}
          - {name: d, jdbc: {url: "jdbc:postgresql://db/shop", query: "DELETE FROM t"}}
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        """;
    assertThat(parser.parse(new SpecSource("bad.yaml", Path.of("."), text)).errors())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "inputs[0].jdbc", "inputs[1]", "inputs[2].mode", "inputs[3].jdbc.query");
  }

  @Test
  void explainsAnUnquotedDecimalInAFlowMapping() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: a, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - {name: p, sql: SELECT 1.5 AS x, schema: [{name: x, type: decimal(10,2)}]}
        """;
    assertThat(parser.parse(new SpecSource("d.yaml", Path.of("."), text)).errors())
        .extracting(Problem::message)
        .containsOnly(SpecParser.DECIMAL_IN_FLOW_MAPPING);
    String quoted = text.replace("decimal(10,2)", "\"decimal(10,2)\"");
    assertThat(parser.parse(new SpecSource("d.yaml", Path.of("."), quoted)).errors()).isEmpty();
  }

  @Test
  void aPortIsServedInEveryModeUnlessItsAccessNamesSome() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: a, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}], access: [sql, files]}
          - {name: q, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
        """;
    SpecParser.Result result = parser.parse(new SpecSource("w.yaml", Path.of("."), text));

    assertThat(result.warnings()).isEmpty();
    ProductSpec spec = result.orThrow();
    assertThat(spec.output("p").orElseThrow().access())
        .containsExactlyInAnyOrder(AccessMode.SQL, AccessMode.FILES);
    assertThat(spec.output("q").orElseThrow().access())
        .containsExactlyInAnyOrder(AccessMode.values());
  }

  @Test
  void anEmptyOrUnknownAccessModeIsAnError() {
    String text =
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: a, name: b, version: 1.0.0, owner: o, description: d}
        outputs:
          - {name: p, sql: SELECT 1 AS x, schema: [{name: x, type: integer}], access: []}
          - {name: q, sql: SELECT 1 AS x, schema: [{name: x, type: integer}], access: [jdbc]}
        """;
    SpecParser.Result result = parser.parse(new SpecSource("w.yaml", Path.of("."), text));

    assertThat(result.errors())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder("outputs[0].access", "outputs[1].access[0]");
  }

  @Test
  void mapsLinesOfALiteralSqlBlockToTheFile() {
    ProductSpec spec = parser.parse(resource("specs/demographics.yaml")).orThrow();

    // The third line of the SQL ("FROM plays p JOIN ...") is line 24 of the file, column 7.
    assertThat(spec.locations().lineInValue("outputs[0].sql", 3))
        .isEqualTo(new SourceMap.Location(24, 7));
  }

  @Test
  void orThrowCarriesEveryProblem() {
    assertThatThrownBy(() -> parser.parse(resource("specs/many-problems.yaml")).orThrow())
        .isInstanceOfSatisfying(
            QuantaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
              assertThat(e.problems()).hasSize(6);
              assertThat(e.getMessage()).startsWith("6 problems in ").contains("\n  ");
            });
  }

  @Test
  void reportsAMissingFile() {
    List<Problem> errors = parser.parse(Path.of("no/such/spec.yaml")).errors();
    assertThat(errors).singleElement().hasToString("no/such/spec.yaml: no such file");
  }

  private static String withoutFolder(Problem problem) {
    String file = Path.of(problem.file()).getFileName().toString();
    return new Problem(file, problem.line(), problem.column(), problem.path(), problem.message())
        .toString();
  }

  static Path resource(String name) {
    try {
      return Path.of(SpecParserTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
