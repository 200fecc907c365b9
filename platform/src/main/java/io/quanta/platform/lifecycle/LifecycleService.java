package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.InputViews;
import io.quanta.engine.Materializer;
import io.quanta.engine.PortData;
import io.quanta.engine.ResultColumn;
import io.quanta.engine.Sessions;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.SqlRejected;
import io.quanta.engine.Transform;
import io.quanta.engine.UpstreamRead;
import io.quanta.engine.sources.JdbcSource;
import io.quanta.engine.sources.SourceFailure;
import io.quanta.error.Problem;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PolicyChecks;
import io.quanta.governance.policy.PolicyEngine;
import io.quanta.governance.policy.PolicyParser;
import io.quanta.governance.policy.PolicyScope;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.PortDecision;
import io.quanta.governance.rules.Governance;
import io.quanta.governance.rules.MeshContext;
import io.quanta.governance.rules.RuleEngine;
import io.quanta.governance.rules.RuleSeverity;
import io.quanta.governance.rules.Violation;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.graph.LinkWarnings;
import io.quanta.platform.registry.PortRecord;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SourceMap;
import io.quanta.spec.SpecParser;
import io.quanta.spec.SpecSource;
import io.quanta.storage.PortTable;
import io.quanta.storage.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The data product experience plane's entry point for spec files: validate a batch, then deploy it
 * all-or-nothing. Validation goes beyond the file: input references must resolve to a deployed
 * product version's port (or one in the same batch), every output's SQL must compile against its
 * inputs and return the declared columns, and a change to a deployed major version must be one its
 * version allows: breaking changes need a new major version, and the bump must be at least as big
 * as the change ({@link #planFiles}). Every spec must also meet the mesh's governance: its
 * deploy-time rules (an {@code error} rule refuses, a {@code warn} rule warns), and its local
 * policies may tighten the global runtime policies, never loosen them.
 *
 * <p>Thread safe.
 */
public final class LifecycleService {
  private final Registry registry;
  private final Warehouse warehouse;
  private final SpecParser parser;
  private final DeployedSpecs deployed;
  private final Sessions sessions;
  private final Clock clock;
  private final Supplier<Governance> governance;
  private final Function<ProductId, PolicySet> deployedPolicies;
  private final ChangePlanner planner;
  private final List<java.util.function.Consumer<List<Deployment>>> deployListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<SpecCheck> specChecks = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param governance the mesh's governance as of now: its rules, identifier types and global
   *     runtime policies
   * @param deployedPolicies a deployed product's local policies in force (its spec's, or its
   *     control port's newest)
   */
  public LifecycleService(
      Registry registry,
      Warehouse warehouse,
      SpecParser parser,
      DeployedSpecs deployed,
      Sessions sessions,
      Clock clock,
      Supplier<Governance> governance,
      Function<ProductId, PolicySet> deployedPolicies) {
    this.deployedPolicies = requireNonNull(deployedPolicies, "deployedPolicies is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.parser = requireNonNull(parser, "parser is null");
    this.deployed = requireNonNull(deployed, "deployed is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.governance = requireNonNull(governance, "governance is null");
    this.planner = new ChangePlanner(registry.products(), deployed);
  }

  /**
   * Calls the listener after every deploy this service commits, with what it did to each product
   * (unchanged ones included), on the deploying thread. The listener must not throw.
   */
  public void onDeploy(java.util.function.Consumer<List<Deployment>> listener) {
    deployListeners.add(requireNonNull(listener, "listener is null"));
  }

  /** Adds a check that every later validation runs on each spec (see {@link SpecCheck}). */
  public void addSpecCheck(SpecCheck check) {
    specChecks.add(requireNonNull(check, "check is null"));
  }

  /**
   * Validates spec files: {@link #planFiles}'s validation, which the plan's refusals are part of.
   */
  public Validation validateFiles(List<Path> files) {
    return planFiles(files).validation();
  }

  /** Validates specs given as text (an API request). */
  public Validation validateSources(List<SpecSource> sources) {
    return planSources(sources).validation();
  }

  /**
   * Plans deploying spec files: validates them as a batch, compares each with the deployed version
   * it would replace (or the newest older major version) and classifies every change, refusing a
   * breaking change without a new major version and a version bump smaller than the changes
   * (docs/lifecycle.md). Changes nothing.
   */
  public Plan planFiles(List<Path> files) {
    List<SpecParser.Result> parsed = new ArrayList<>();
    files.forEach(file -> parsed.add(parser.parse(file)));
    return plan(parsed);
  }

  /**
   * Plans deploying every spec of a folder and its subfolders ({@link SpecFolder}), as one batch:
   * {@code quanta apply}. See {@link #planFiles}.
   *
   * @throws io.quanta.error.QuantaException {@code INVALID_REQUEST} if the folder holds no spec
   */
  public Plan planFolder(Path folder) {
    return planFiles(SpecFolder.files(folder));
  }

  /** Plans deploying specs given as text (an API request); see {@link #planFiles}. */
  public Plan planSources(List<SpecSource> sources) {
    List<SpecParser.Result> parsed = new ArrayList<>();
    sources.forEach(source -> parsed.add(parser.parse(source)));
    return plan(parsed);
  }

  /**
   * Checks spec files against the mesh's governance only, as a dry run: their deploy-time rules and
   * local policies, with the mesh as it would be after deploying them. Inputs are not resolved and
   * SQL is not compiled; see {@link #validateFiles} for the full validation.
   *
   * @return the specs that parsed, errors (parse problems and governance errors), warnings, and
   *     every violation
   */
  public Validation checkGovernance(List<Path> files) {
    List<Problem> errors = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    List<ProductSpec> specs = new ArrayList<>();
    for (Path file : files) {
      SpecParser.Result result = parser.parse(file);
      errors.addAll(result.errors());
      warnings.addAll(result.warnings());
      result.spec().ifPresent(specs::add);
    }
    List<Violation> violations = new ArrayList<>();
    checkGovernance(specs, errors, warnings, violations);
    return new Validation(specs, errors, warnings, violations);
  }

  /**
   * Deploys spec files, all or nothing: if any spec has an error, nothing is deployed.
   *
   * @throws io.quanta.error.QuantaException {@code INVALID_SPEC} with every problem found, {@code
   *     CHANGE_REFUSED} when a spec changes a deployed major version in a way its version does not
   *     allow, or {@code GOVERNANCE_VIOLATION} when the specs are valid but break the mesh's
   *     governance
   */
  public List<Deployment> deployFiles(List<Path> files) {
    return deploy(validateFiles(files));
  }

  /** Deploys what a plan found deployable, all or nothing; see {@link #deploy(Validation)}. */
  public List<Deployment> deploy(Plan plan) {
    return deploy(plan.validation());
  }

  /**
   * Deploys what a validation found valid, all or nothing. A new product or major version gets new
   * tables; a new version of a deployed major version evolves its tables in place (columns added,
   * types widened, field ids kept).
   *
   * @throws io.quanta.error.QuantaException {@code INVALID_SPEC} with every problem if the
   *     validation found any, {@code CHANGE_REFUSED} if its only errors are changes the deployed
   *     versions do not allow (and broken rules), or {@code GOVERNANCE_VIOLATION} if its only
   *     errors are broken rules
   */
  public List<Deployment> deploy(Validation validation) {
    validation.orThrow();
    Instant now = clock.instant();
    List<Deployment> deployments = new ArrayList<>();
    Map<ProductSpec, ProductVersion> changed = new LinkedHashMap<>();
    for (ProductSpec spec : validation.specs()) {
      Optional<ProductVersion> existing = registry.products().find(spec.id());
      String digest = digest(spec.source().text());
      Deployment.Change change =
          existing.isEmpty()
              ? Deployment.Change.CREATED
              : existing.get().digest().equals(digest)
                      && existing.get().source().baseDir().equals(spec.source().baseDir())
                  ? Deployment.Change.UNCHANGED
                  : Deployment.Change.UPDATED;
      deployments.add(new Deployment(spec.id(), spec.metadata().version(), change));
      if (change != Deployment.Change.UNCHANGED) {
        changed.put(
            spec,
            new ProductVersion(
                spec.id(),
                spec.metadata().version(),
                spec.metadata().owner(),
                spec.metadata().description(),
                spec.metadata().kind().map(kind -> kind.specName()),
                "active",
                spec.source(),
                digest,
                existing.map(ProductVersion::firstDeployedAt).orElse(now),
                now));
      }
    }
    // Tables first (idempotent), then the registry in one transaction: a failure leaves at most
    // empty tables that a retry reuses, never a product without its tables.
    Map<ProductSpec, List<PortRecord>> ports = new HashMap<>();
    for (ProductSpec spec : changed.keySet()) {
      List<PortRecord> records = new ArrayList<>();
      for (Output output : spec.outputs()) {
        PortId port = spec.id().port(output.name());
        PortTable table = warehouse.createOrLoad(port, output.schema());
        records.add(new PortRecord(port, Warehouse.identifier(port).toString(), table.location()));
      }
      ports.put(spec, records);
    }
    registry.inTransaction(
        handle -> {
          changed.forEach(
              (spec, version) -> registry.products().save(handle, version, ports.get(spec)));
          return null;
        });
    deployListeners.forEach(listener -> listener.accept(List.copyOf(deployments)));
    return deployments;
  }

  private Plan plan(List<SpecParser.Result> parsed) {
    List<Problem> errors = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    List<ProductSpec> specs = new ArrayList<>();
    Map<ProductId, ProductSpec> batch = new LinkedHashMap<>();
    for (SpecParser.Result result : parsed) {
      errors.addAll(result.errors());
      warnings.addAll(result.warnings());
      if (result.spec().isEmpty()) {
        continue;
      }
      ProductSpec spec = result.spec().get();
      ProductSpec other = batch.putIfAbsent(spec.id(), spec);
      if (other != null) {
        errors.add(
            spec.locations()
                .problem(
                    "metadata.name",
                    spec.id()
                        + " is also defined in "
                        + other.source().file()
                        + "; deploy one spec per product version"));
        continue;
      }
      specs.add(spec);
    }
    List<ProductSpec> ordered = upstreamFirst(specs, batch, errors);
    Map<ProductId, ProductSpec> meshAfter = new LinkedHashMap<>();
    deployed.all().forEach(spec -> meshAfter.put(spec.id(), spec));
    meshAfter.putAll(batch);
    List<ProductPlan> plans = new ArrayList<>();
    List<Problem> refusals = new ArrayList<>();
    for (ProductSpec spec : ordered) {
      ProductPlan plan = planner.plan(spec, meshAfter.values());
      plans.add(plan);
      refusals.addAll(plan.refusals());
      errors.addAll(plan.refusals());
      specChecks.forEach(check -> check.check(spec, errors, warnings));
      Map<String, List<Column>> upstreamColumns = new LinkedHashMap<>();
      List<Problem> inputProblems = resolveInputs(spec, batch, upstreamColumns);
      errors.addAll(inputProblems);
      if (inputProblems.isEmpty()) {
        errors.addAll(compile(spec, upstreamColumns));
      }
    }
    List<Violation> violations = new ArrayList<>();
    checkGovernance(ordered, errors, warnings, violations);
    warnings.addAll(LinkWarnings.check(deployed.all(), ordered));
    return new Plan(plans, new Validation(ordered, errors, warnings, violations, refusals));
  }

  /**
   * Checks each spec against the mesh's governance, with the mesh as it would be after deploying
   * the batch: local policies parse and do not loosen the global ones, and no rule is broken.
   */
  private void checkGovernance(
      List<ProductSpec> batch,
      List<Problem> errors,
      List<Problem> warnings,
      List<Violation> violations) {
    if (batch.isEmpty()) {
      return;
    }
    Governance current = governance.get();
    MeshContext mesh = MeshContext.of(deployed.all(), batch);
    for (ProductSpec spec : batch) {
      PolicyParser.Result local =
          PolicyParser.parse(spec.policies(), "policies", spec.locations(), PolicyScope.LOCAL);
      // A policy that does not parse is a mistake in the spec; one that loosens is refused.
      errors.addAll(local.problems());
      List<Violation> found = new ArrayList<>();
      for (Problem problem :
          PolicyChecks.check(spec, local.policies(), current.policies(), spec.locations())) {
        found.add(Violation.at(problem, RuleEngine.LOCAL_POLICIES_RULE, RuleSeverity.ERROR));
      }
      found.addAll(RuleEngine.check(spec, local.policies(), current, mesh));
      for (Violation violation : found) {
        (violation.isError() ? errors : warnings).add(violation.problem());
      }
      violations.addAll(found);
    }
  }

  /**
   * Orders the batch so that a product comes after the batch products it reads, and reports every
   * input that would close a cycle, counting the deployed products the batch does not replace.
   */
  private List<ProductSpec> upstreamFirst(
      List<ProductSpec> specs, Map<ProductId, ProductSpec> batch, List<Problem> errors) {
    List<ProductSpec> mesh = new ArrayList<>(deployed.all());
    mesh.addAll(specs);
    ProductGraph graph = new ProductGraph(mesh);
    for (ProductSpec spec : specs) {
      for (int i = 0; i < spec.inputs().size(); i++) {
        if (spec.inputs().get(i) instanceof ProductInput input) {
          ProductId upstream = input.port().product();
          if (upstream.equals(spec.id())) {
            continue; // reported as reading its own port
          }
          Optional<List<ProductId>> cycle = graph.pathBack(upstream, spec.id());
          if (cycle.isPresent()) {
            errors.add(
                spec.locations()
                    .problem(
                        "inputs[" + i + "].product",
                        "reading "
                            + upstream
                            + " makes a cycle: "
                            + String.join(
                                " reads ", cycle.get().stream().map(Object::toString).toList())
                            + " reads "
                            + upstream));
          }
        }
      }
    }
    List<ProductSpec> ordered = new ArrayList<>();
    for (ProductId id : new ProductGraph(specs).upstreamFirst(batch.keySet())) {
      ordered.add(batch.get(id));
    }
    return ordered;
  }

  private List<Problem> resolveInputs(
      ProductSpec spec,
      Map<ProductId, ProductSpec> batch,
      Map<String, List<Column>> upstreamColumns) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      if (!(spec.inputs().get(i) instanceof ProductInput input)) {
        continue;
      }
      String path = "inputs[" + i + "].product";
      PortId port = input.port();
      Optional<ProductSpec> upstream =
          Optional.ofNullable(batch.get(port.product())).or(() -> deployed.find(port.product()));
      if (upstream.isEmpty()) {
        List<Integer> majors =
            registry.products().versions(port.product().product()).stream()
                .map(v -> v.id().major())
                .toList();
        problems.add(
            spec.locations()
                .problem(
                    path,
                    majors.isEmpty()
                        ? "no deployed data product "
                            + port.product().product()
                            + "; deploy it first or in the same batch"
                        : "no deployed major version "
                            + port.product().major()
                            + " of "
                            + port.product().product()
                            + "; deployed: "
                            + majors));
        continue;
      }
      if (port.product().equals(spec.id())) {
        problems.add(spec.locations().problem(path, "a product cannot read its own output port"));
        continue;
      }
      Optional<Output> output = upstream.get().output(port.port());
      if (output.isEmpty()) {
        problems.add(
            spec.locations()
                .problem(
                    path,
                    port.product()
                        + " has no output port '"
                        + port.port()
                        + "'; its ports: "
                        + String.join(
                            ", ", upstream.get().outputs().stream().map(Output::name).toList())));
        continue;
      }
      // The product reads the port as its owner: the port's policies must let it.
      PolicySet upstreamLocal =
          batch.containsKey(port.product())
              ? PolicyParser.parse(
                      upstream.get().policies(),
                      "policies",
                      upstream.get().locations(),
                      PolicyScope.LOCAL)
                  .policies()
              : deployedPolicies.apply(port.product());
      Reader owner = PolicyService.owner(spec);
      PortDecision decision =
          PolicyEngine.decide(
              owner, upstream.get(), output.get(), governance.get().policies(), upstreamLocal);
      if (!decision.allowed()) {
        problems.add(
            spec.locations()
                .problem(
                    path,
                    owner.principal()
                        + ", the owner, may not read "
                        + port
                        + ": "
                        + String.join("; ", decision.reasons())));
      }
      upstreamColumns.put(input.name(), output.get().schema());
    }
    return problems;
  }

  /** Compiles every output's SQL over views shaped like the inputs, and checks the schema. */
  private List<Problem> compile(ProductSpec spec, Map<String, List<Column>> upstreamColumns) {
    List<Problem> problems = new ArrayList<>();
    SourceMap locations = spec.locations();
    Set<String> inputNames = new LinkedHashSet<>();
    try (DuckDbSession session = sessions.open()) {
      Set<String> files = new LinkedHashSet<>();
      for (int i = 0; i < spec.inputs().size(); i++) {
        Input input = spec.inputs().get(i);
        inputNames.add(input.name());
        Map<String, UpstreamRead> shapes = new HashMap<>();
        if (input instanceof ProductInput) {
          shapes.put(
              input.name(), UpstreamRead.latest(PortData.empty(upstreamColumns.get(input.name()))));
        }
        try {
          if (input instanceof JdbcInput jdbc) {
            emptyTable(session, input.name(), jdbcColumns(jdbc));
          } else if (input instanceof KafkaInput kafka) {
            emptyTable(session, input.name(), kafka.schema());
          } else {
            files.addAll(InputViews.create(session, List.of(input), shapes));
          }
        } catch (SourceFailure e) {
          problems.add(
              locations.problem(
                  "inputs[" + i + "].jdbc",
                  e.getMessage()
                      + "; declare the input's 'schema' to validate without reaching the database"));
        } catch (SqlFailure e) {
          String field =
              input instanceof FileInput ? "inputs[" + i + "].file" : "inputs[" + i + "]";
          problems.add(locations.problem(field, Transform.sqlProblem(e).message()));
        }
      }
      if (!problems.isEmpty()) {
        return problems;
      }
      // Compiling reads file headers; the SQL may reach nothing but the declared inputs' files.
      session.lockDown(files);
      for (int i = 0; i < spec.outputs().size(); i++) {
        Output output = spec.outputs().get(i);
        String path = "outputs[" + i + "]";
        try {
          List<ResultColumn> columns = Transform.describe(session, output.sql(), inputNames);
          List<Transform.Problem> schemaProblems = Transform.checkSchema(output, columns);
          for (Transform.Problem problem : schemaProblems) {
            problems.add(locations.problem(path + "." + problem.field(), problem.message()));
          }
          if (schemaProblems.isEmpty()) {
            Materializer.checkRunnable(session, output);
            problems.addAll(trustProblems(session, spec, output, path, inputNames, locations));
          }
        } catch (SqlRejected e) {
          int line =
              e.position().isPresent()
                  ? Transform.lineOf(output.sql(), e.position().getAsInt())
                  : 1;
          problems.add(sqlProblem(locations, path, line, e.getMessage()));
        } catch (SqlFailure e) {
          Transform.Problem problem = Transform.sqlProblem(e);
          problems.add(sqlProblem(locations, path, problem.sqlLine().orElse(1), problem.message()));
        }
      }
    }
    return problems;
  }

  /**
   * Binds the port's quality expectations and run-measured objectives against its columns and the
   * inputs, on no rows, so that a deployed spec cannot fail every run on a query that does not bind
   * (a sql expectation reading another table, a completeness query with a typo...).
   */
  private static List<Problem> trustProblems(
      DuckDbSession session,
      ProductSpec spec,
      Output output,
      String path,
      Set<String> inputNames,
      io.quanta.spec.SourceMap locations) {
    List<Problem> problems = new ArrayList<>();
    String empty = Materializer.emptyResult(output);
    Map<io.quanta.spec.PortId, String> linked = new HashMap<>();
    spec.productInputs().forEach(input -> linked.put(input.port(), input.name()));
    try {
      io.quanta.engine.quality.QualityChecks.evaluate(session, output, empty, linked);
    } catch (SqlRejected | SqlFailure | IllegalArgumentException e) {
      problems.add(
          locations.problem(
              output.quality().isEmpty() ? path : path + ".quality", firstLine(e.getMessage())));
    }
    spec.slo(output)
        .completeness()
        .ifPresent(
            completeness -> {
              try {
                io.quanta.engine.quality.SloMeasures.completeness(
                    session, completeness, empty, inputNames);
              } catch (SqlRejected | SqlFailure | IllegalArgumentException e) {
                String at =
                    output.slo().completeness().isPresent()
                        ? path + ".slo.completeness"
                        : "slo.completeness";
                problems.add(locations.problem(at, firstLine(e.getMessage())));
              }
            });
    return problems;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "the check does not bind";
    }
    int cut = message.indexOf("\nLINE ");
    String head = cut >= 0 ? message.substring(0, cut) : message;
    return head.replace('\n', ' ').replaceAll("\\s+", " ").strip();
  }

  /** The columns of a database input: as declared, else as the database describes them. */
  private static List<Column> jdbcColumns(JdbcInput input) {
    return input.schema().isEmpty() ? JdbcSource.columns(input, System::getenv) : input.schema();
  }

  /** A table with the input's columns and no rows, to compile the SQL against. */
  private static void emptyTable(DuckDbSession session, String name, List<Column> columns) {
    List<String> definitions = new ArrayList<>();
    for (Column column : columns) {
      definitions.add(Sql.identifier(column.name()) + " " + DuckTypes.sqlType(column.type()));
    }
    session.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + Sql.identifier(name)
            + " ("
            + String.join(", ", definitions)
            + ")");
  }

  private static Problem sqlProblem(
      SourceMap locations, String outputPath, int sqlLine, String message) {
    String path = outputPath + ".sql";
    return locations.problemAt(locations.lineInValue(path, sqlLine), path, message);
  }

  static String digest(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
