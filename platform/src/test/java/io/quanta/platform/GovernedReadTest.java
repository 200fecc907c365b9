package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.governance.AuditProduct;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.registry.RunState;
import io.quanta.ports.files.FileFormat;
import io.quanta.ports.rows.RowsPort;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product with its own policies, deployed and run for real, read by different principals through
 * SQL, files and REST; its control port; and the audit log product.
 */
class GovernedReadTest {
  private static final ProductId PRODUCT = ProductId.of("users", "user-profiles", 1);
  private static final PortId PORT = PRODUCT.port("profiles");
  private static final String ALL =
      "SELECT user_id, email, country FROM users.user_profiles.profiles ORDER BY user_id";

  private static final Reader ANALYST_DE = reader("ana", Set.of("analysts"), Set.of(), "DE");
  private static final Reader PII_READER_FR = reader("pia", Set.of(), Set.of("pii-reader"), "FR");
  private static final Reader CONTRACTOR = reader("carl", Set.of("contractors"), Set.of(), "DE");
  private static final Reader GOVERNANCE = reader("gov", Set.of(), Set.of("governance"), "DE");
  private static final Reader OWNER = reader("olga", Set.of("users-team"), Set.of(), "DE");

  @TempDir Path temp;
  private Mesh mesh;

  @BeforeEach
  void deployAndRun() {
    Path specs = TestMeshes.copy("governed", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("data"));
    mesh.lifecycle().deployFiles(List.of(specs.resolve("user-profiles.yaml")));
    assertThat(mesh.runs().run(PRODUCT, "test").state()).isEqualTo(RunState.SUCCEEDED);
  }

  @AfterEach
  void close() {
    mesh.close();
  }

  @Test
  void eachReaderSeesWhatThePoliciesLetThemSee() throws Exception {
    String hashedAda =
        QueryRows.run(mesh, GOVERNANCE, ALL, ReadOptions.LATEST).rows.get(0).split("\\|")[1];
    assertThat(hashedAda).hasSize(64).doesNotContain("@");

    // Masked and filtered to their own country.
    assertThat(QueryRows.run(mesh, ANALYST_DE, ALL, ReadOptions.LATEST).rows)
        .containsExactly("u1|" + hashedAda + "|DE", "u3|" + hashed("u3") + "|DE");
    // The mask is lifted for pii readers; the filter is not.
    assertThat(QueryRows.run(mesh, PII_READER_FR, ALL, ReadOptions.LATEST).rows)
        .containsExactly("u2|bob@example.org|FR");
    // Governance reads every row, emails hashed.
    assertThat(QueryRows.run(mesh, GOVERNANCE, ALL, ReadOptions.LATEST).rows).hasSize(3);
  }

  @Test
  void filesAndRestPagesApplyTheSameObligations() throws Exception {
    Path file = temp.resolve("profiles.parquet");
    mesh.files().export(ANALYST_DE, PORT, ReadOptions.LATEST, FileFormat.PARQUET, file);
    List<String> exported = new ArrayList<>();
    try (DuckDbSession session =
            DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")));
        Statement statement = session.connection().createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT user_id, email, country FROM read_parquet('" + file + "') ORDER BY 1")) {
      while (rows.next()) {
        exported.add(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3));
      }
    }
    List<String> sql = QueryRows.run(mesh, ANALYST_DE, ALL, ReadOptions.LATEST).rows;
    assertThat(exported).isEqualTo(sql);
    assertThat(String.join(",", exported)).doesNotContain("@");

    var spec = mesh.specs().get(PRODUCT).output("profiles").orElseThrow();
    RowsPort.Page page =
        mesh.rows()
            .page(
                ANALYST_DE,
                PORT,
                spec.schema(),
                spec.key(),
                ReadOptions.LATEST,
                10,
                Optional.empty());
    assertThat(page.rows()).hasSize(2);
    assertThat(page.rows().toString()).doesNotContain("@").doesNotContain("FR");
  }

  @Test
  void aDeniedReaderGetsNothingAndTheRefusalIsAudited() {
    long before = mesh.registry().audit().count();
    assertThatThrownBy(() -> QueryRows.run(mesh, CONTRACTOR, ALL, ReadOptions.LATEST))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("carl may not read " + PORT)
        .hasMessageContaining("no-contractors");
    assertThatThrownBy(
            () ->
                mesh.files()
                    .export(
                        CONTRACTOR,
                        PORT,
                        ReadOptions.LATEST,
                        FileFormat.CSV,
                        temp.resolve("x.csv")))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));
    assertThat(temp.resolve("x.csv")).doesNotExist();

    List<Map<String, Object>> newest = mesh.registry().audit().newest(2);
    assertThat(mesh.registry().audit().count()).isEqualTo(before + 2);
    assertThat(newest)
        .allSatisfy(
            row -> {
              assertThat(row.get("user_name")).isEqualTo("carl");
              assertThat(row.get("allowed")).isEqualTo(0);
              assertThat(String.valueOf(row.get("rules"))).contains("local:no-contractors");
            });
    assertThat(newest).extracting(row -> row.get("mode")).containsExactly("files", "sql");
  }

  @Test
  void theControlPortChangesPoliciesForTheNextReadOwnerAndGovernanceOnly() {
    PolicyService policies = mesh.policies();
    assertThat(policies.current(PRODUCT).version()).isZero();

    String stricter =
        """
        masks:
          - id: email-hashed
            column: email
            method: hash
          - id: no-country
            column: country
            method: redact
        """;
    assertThatThrownBy(() -> policies.change(PRODUCT, ANALYST_DE.principal(), "request", stricter))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

    PolicyService.LocalPolicies changed =
        policies.change(PRODUCT, OWNER.principal(), "request", stricter);
    assertThat(changed.version()).isEqualTo(1);
    assertThat(changed.changedBy()).contains("olga");

    // Effective on the next read, without a redeploy: the row filter is gone, the mask is not
    // lifted for pii readers any more, and country is redacted.
    assertThat(QueryRows.run(mesh, PII_READER_FR, ALL, ReadOptions.LATEST).rows)
        .hasSize(3)
        .allSatisfy(row -> assertThat(row).doesNotContain("@").endsWith("|****"));

    // A broken change is refused with where it is broken, and changes nothing.
    String broken =
        """
        masks:
          - id: bad
            column: no_such_column
            method: hash
        """;
    assertThatThrownBy(() -> policies.change(PRODUCT, GOVERNANCE.principal(), "request", broken))
        .isInstanceOfSatisfying(
            QuantaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
              assertThat(e.problems()).isNotEmpty();
              assertThat(e.problems().get(0).toString())
                  .startsWith("request:")
                  .contains("no_such_column");
            });
    assertThat(policies.current(PRODUCT).version()).isEqualTo(1);
    assertThat(policies.history(PRODUCT)).hasSize(1);
    assertThat(mesh.registry().audit().newest(5))
        .filteredOn(row -> "control".equals(row.get("mode")))
        .singleElement()
        .satisfies(row -> assertThat(row.get("user_name")).isEqualTo("olga"));
  }

  @Test
  void theDiscoveryPortTellsEachCallerWhatTheyMayReadAndSamplesRowsAsTheySeeThem() {
    ProductRef ref = ProductRef.parse("users/user-profiles");
    var analyst = mesh.discovery().describe(ref, ANALYST_DE).ports().get(0);
    assertThat(analyst.caller().allowed()).isTrue();
    assertThat(analyst.caller().masks()).containsOnlyKeys("email");
    assertThat(analyst.caller().masks().get("email")).startsWith("hash (");
    assertThat(analyst.caller().filters())
        .containsExactly("country = :country (local:own-country)");
    assertThat(analyst.sample().rows())
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.toString()).doesNotContain("@").contains("DE"));
    assertThat(analyst.addresses()).doesNotContainKey("icebergMetadata");

    var contractor = mesh.discovery().describe(ref, CONTRACTOR).ports().get(0);
    assertThat(contractor.caller().allowed()).isFalse();
    assertThat(contractor.caller().reasons()).anyMatch(reason -> reason.contains("no-contractors"));
    assertThat(contractor.sample().rows()).isEmpty();
    assertThat(contractor.sample().note()).isEqualTo("not allowed to read this port");

    var owner = mesh.discovery().describe(ref, OWNER).ports().get(0);
    assertThat(owner.addresses()).containsKey("icebergMetadata");
    // The global pii mask spares the owning team; the product's own mask does not.
    assertThat(owner.caller().masks().get("email")).isEqualTo("hash (local:email-hashed)");
  }

  @Test
  void aRowFilterMustBindToThePortsOwnColumnsBeforeItIsStored() {
    PolicyService policies = mesh.policies();
    for (String where :
        List.of(
            "no_such_column = :country",
            "country IN (SELECT email FROM users.user_profiles.profiles)",
            "country = (SELECT content FROM read_text('/etc/passwd'))",
            "country = ")) {
      String document = "rowFilters:\n  - id: f\n    where: \"" + where + "\"\n";
      assertThatThrownBy(() -> policies.change(PRODUCT, OWNER.principal(), "request", document))
          .as(where)
          .isInstanceOfSatisfying(
              QuantaException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
                assertThat(e.problems().get(0).toString())
                    .startsWith("request:3:")
                    .contains("row filter");
              });
    }
    assertThat(policies.current(PRODUCT).version()).isZero();

    // A list attribute binds as a list.
    policies.change(
        PRODUCT,
        OWNER.principal(),
        "request",
        "rowFilters:\n  - id: f\n    where: \"list_contains(:countries, country)\"\n");
    Reader both =
        Reader.of(
            new Principal(
                "eve", Set.of(), Set.of(), Map.of("countries", List.of("DE", "FR")), false));
    assertThat(QueryRows.run(mesh, both, ALL, ReadOptions.LATEST).rows).hasSize(3);
    // Without the attribute, no row passes.
    assertThat(QueryRows.run(mesh, ANALYST_DE, ALL, ReadOptions.LATEST).rows).isEmpty();
    // With a string where the filter needs a list, nothing is read, and the reader is told why.
    Reader single =
        Reader.of(new Principal("sam", Set.of(), Set.of(), Map.of("countries", "DE"), false));
    assertThatThrownBy(() -> QueryRows.run(mesh, single, ALL, ReadOptions.LATEST))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("cannot be applied for this reader");
  }

  @Test
  void aProductReadsItsInputsAsItsOwnerUnderTheUpstreamsPolicies() {
    ProductId emails = ProductId.of("marketing", "email-list", 1);
    mesh.lifecycle().deployFiles(List.of(temp.resolve("specs/email-list.yaml")));
    String recipients = "SELECT user_id, email FROM marketing.email_list.recipients ORDER BY 1";

    // The upstream's row filter binds the reader's country: the owning team has none.
    assertThat(mesh.runs().run(emails, "test").state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(QueryRows.run(mesh, GOVERNANCE, recipients, ReadOptions.LATEST).rows).isEmpty();

    // Without the filter, every row, with the e-mails hashed as for any reader without pii-reader.
    mesh.policies()
        .change(
            PRODUCT,
            OWNER.principal(),
            "request",
            "masks:\n  - {id: email-hashed, column: email, method: hash}\n");
    assertThat(mesh.runs().run(emails, "test").state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(QueryRows.run(mesh, GOVERNANCE, recipients, ReadOptions.LATEST).rows)
        .containsExactly("u1|" + hashed("u1"), "u2|" + hashed("u2"), "u3|" + hashed("u3"))
        .noneMatch(row -> row.contains("@"));
    assertThat(mesh.registry().audit().newest(20))
        .anySatisfy(
            row -> {
              assertThat(row.get("user_name")).isEqualTo("marketing-team");
              assertThat(row.get("mode")).isEqualTo("input");
              assertThat(row.get("purpose")).isEqualTo("input of marketing/email-list:1");
            });

    // An upstream that refuses the owner fails the run, which commits nothing.
    mesh.policies()
        .change(
            PRODUCT,
            OWNER.principal(),
            "request",
            "access:\n  - {id: not-marketing, deny: \"'marketing-team' in principal.groups\"}\n");
    assertThatThrownBy(() -> mesh.runs().run(emails, "test"))
        .isInstanceOf(QuantaException.class)
        .hasMessageContaining(
            "marketing-team, the owner of marketing/email-list:1, may not read " + PORT)
        .hasMessageContaining("not-marketing");
    assertThat(QueryRows.run(mesh, GOVERNANCE, recipients, ReadOptions.LATEST).rows).hasSize(3);
    // And deploying a product whose owner may not read its input is refused, naming the rule.
    assertThatThrownBy(
            () ->
                mesh.lifecycle()
                    .validateFiles(List.of(temp.resolve("specs/email-list.yaml")))
                    .orThrow())
        .isInstanceOfSatisfying(
            QuantaException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        problem ->
                            assertThat(problem.toString())
                                .contains("email-list.yaml:12:")
                                .contains("marketing-team, the owner, may not read " + PORT)
                                .contains("not-marketing")));
  }

  @Test
  void theAuditLogIsADataProductOnlyTheGovernanceRoleReads() {
    QueryRows.run(mesh, ANALYST_DE, ALL, ReadOptions.LATEST);
    assertThatThrownBy(() -> QueryRows.run(mesh, CONTRACTOR, ALL, ReadOptions.LATEST))
        .isInstanceOf(QuantaException.class);

    assertThat(AuditProduct.refresh(mesh).state()).isEqualTo(RunState.SUCCEEDED);

    String audit =
        "SELECT user_name, port, mode, allowed, rows_returned, obligations"
            + " FROM governance.access_audit.decisions WHERE user_name IN ('ana', 'carl')"
            + " ORDER BY id";
    assertThat(QueryRows.run(mesh, GOVERNANCE, audit, ReadOptions.LATEST).rows)
        .hasSize(2)
        .satisfies(
            rows -> {
              assertThat(rows.get(0))
                  .startsWith("ana|" + PORT + "|sql|true|2|")
                  .contains("mask email: hash (")
                  .contains("local:own-country");
              assertThat(rows.get(1)).startsWith("carl|" + PORT + "|sql|false|0|");
            });
    assertThatThrownBy(() -> QueryRows.run(mesh, ANALYST_DE, audit, ReadOptions.LATEST))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));

    // A second refresh appends only what was decided since.
    QueryRows.run(mesh, ANALYST_DE, ALL, ReadOptions.LATEST);
    AuditProduct.refresh(mesh);
    assertThat(
            QueryRows.run(
                    mesh,
                    GOVERNANCE,
                    "SELECT count(*) FILTER (port = '"
                        + PORT
                        + "'), count(*) FROM"
                        + " governance.access_audit.decisions WHERE user_name = 'ana'",
                    ReadOptions.LATEST)
                .rows)
        // two reads of the profiles, and the refused read of the audit log itself
        .containsExactly("2|3");
  }

  private String hashed(String userId) {
    // What governance sees for the user's email is what every reader whose mask applies sees.
    return QueryRows.run(
            mesh,
            GOVERNANCE,
            "SELECT email FROM users.user_profiles.profiles WHERE user_id = '" + userId + "'",
            ReadOptions.LATEST)
        .rows
        .get(0);
  }

  private static Reader reader(String user, Set<String> groups, Set<String> roles, String country) {
    return Reader.of(new Principal(user, groups, roles, Map.of("country", country), false));
  }
}
