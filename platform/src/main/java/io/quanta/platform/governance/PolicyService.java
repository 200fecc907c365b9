package io.quanta.platform.governance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.audit.AuditSink;
import io.quanta.governance.policy.PolicyChecks;
import io.quanta.governance.policy.PolicyEngine;
import io.quanta.governance.policy.PolicyParser;
import io.quanta.governance.policy.PolicyScope;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.PolicyStore;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SourceMap;
import io.quanta.spec.YamlTree;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides what a reader may read of a port: the mesh's global runtime policies and the product's
 * local ones, evaluated by {@link PolicyEngine} on every read. A product's local policies are those
 * of its deployed spec until its control port changes them; then the newest version set through the
 * control port, from the next read on, without a redeploy. Compiled policy sets are cached by their
 * text, so a read compiles no CEL unless the policies changed.
 *
 * <p>Thread safe.
 */
public final class PolicyService {
  private final DeployedSpecs specs;
  private final Supplier<PolicySet> global;
  private final PolicyStore store;
  private final AuditSink audit;
  private final Clock clock;
  private final RowFilterChecks rowFilters;
  private final Map<String, PolicySet> compiled = new ConcurrentHashMap<>();

  /**
   * @param global the mesh's global runtime policies, as of now
   * @param store the versions of policies changed through control ports
   * @param audit where changes of policies are recorded
   * @param rowFilters checks the SQL of row filters before a change is stored
   */
  public PolicyService(
      DeployedSpecs specs,
      Supplier<PolicySet> global,
      PolicyStore store,
      AuditSink audit,
      RowFilterChecks rowFilters,
      Clock clock) {
    this.rowFilters = requireNonNull(rowFilters, "rowFilters is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.global = requireNonNull(global, "global is null");
    this.store = requireNonNull(store, "store is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * A product version's local policies as in force now.
   *
   * @param version 0 for the deployed spec's policies; N for the N-th change through the control
   *     port
   * @param policies the policies section (an empty object when there are none)
   * @param changedAt when the control port changed them (empty for the spec's)
   * @param changedBy who changed them (empty for the spec's)
   */
  public record LocalPolicies(
      ProductId product,
      int version,
      JsonNode policies,
      Optional<Instant> changedAt,
      Optional<String> changedBy) {}

  /**
   * What the reader may read of the port.
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has
   */
  public PortDecision decide(PortId port, Reader reader) {
    requireNonNull(port, "port is null");
    requireNonNull(reader, "reader is null");
    ProductSpec spec = specs.get(port.product());
    Output output =
        spec.output(port.port()).orElseThrow(() -> QuantaException.notFound("No port " + port));
    return PolicyEngine.decide(reader, spec, output, global.get(), local(port.product()));
  }

  /**
   * Appends a decision the platform made for a read of its own (a product reading its inputs) to
   * the audit log.
   */
  public void audit(Reader reader, PortId port, String mode, PortDecision decision, Instant time) {
    audit.record(
        new AccessDecision(
            time,
            reader.principal(),
            reader.purpose(),
            port.toString(),
            mode,
            decision.allowed(),
            decision.rulesMatched(),
            decision.obligations(),
            Optional.empty(),
            0));
  }

  /**
   * Who a product reads its inputs as: its owner (a user, or a team as a group), for the purpose
   * {@code input of <product>}. Policies decide on it as on any reader, at deploy and on every run.
   */
  public static Reader owner(ProductSpec spec) {
    String owner = spec.metadata().owner();
    return new Reader(
        new Principal(owner, java.util.Set.of(owner), java.util.Set.of(), Map.of(), false),
        Optional.of("input of " + spec.id()));
  }

  /** The mesh's global runtime policies, as in force now. */
  public PolicySet global() {
    return global.get();
  }

  /** The product version's local policies in force, compiled. */
  public PolicySet local(ProductId product) {
    JsonNode section = current(product).policies();
    if (section.isMissingNode() || section.isNull() || section.isEmpty()) {
      return PolicySet.EMPTY;
    }
    return compiled.computeIfAbsent(
        product + "\n" + section,
        key -> {
          PolicyParser.Result result =
              PolicyParser.parse(section, "policies", noLocations(product), PolicyScope.LOCAL);
          if (!result.problems().isEmpty()) {
            // Deploy and the control port check policies before storing them: this is a bug.
            throw new IllegalStateException(
                "The stored policies of " + product + " do not compile: " + result.problems());
          }
          return result.policies();
        });
  }

  /**
   * The product version's local policies in force now, as written.
   *
   * @throws QuantaException {@code NOT_FOUND} for a product version that is not deployed
   */
  public LocalPolicies current(ProductId product) {
    ProductSpec spec = specs.get(product);
    return store
        .current(product)
        .map(
            version ->
                new LocalPolicies(
                    product,
                    version.version(),
                    version.policies(),
                    Optional.of(version.changedAt()),
                    Optional.of(version.changedBy())))
        .orElseGet(
            () ->
                new LocalPolicies(product, 0, spec.policies(), Optional.empty(), Optional.empty()));
  }

  /** Every version set through the control port, oldest first (version 0, the spec's, excluded). */
  public List<LocalPolicies> history(ProductId product) {
    specs.get(product);
    List<LocalPolicies> versions = new ArrayList<>();
    for (PolicyStore.PolicyVersion version : store.history(product)) {
      versions.add(
          new LocalPolicies(
              product,
              version.version(),
              version.policies(),
              Optional.of(version.changedAt()),
              Optional.of(version.changedBy())));
    }
    return versions;
  }

  /**
   * Refuses a principal who may not see or change the product's policies: only its owner (the user
   * or a group named as the spec's owner) and the governance role may.
   *
   * @throws QuantaException {@code FORBIDDEN} for anyone else
   */
  public void requireControl(ProductId product, Principal principal) {
    ProductSpec spec = specs.get(product);
    if (!principal.controls(spec.metadata().owner())) {
      throw new QuantaException(
          ErrorCode.FORBIDDEN,
          "Only the owner of "
              + product
              + " ("
              + spec.metadata().owner()
              + ") or the '"
              + Principal.GOVERNANCE_ROLE
              + "' role may see or change its policies; "
              + principal
              + " is neither");
    }
  }

  /**
   * Replaces the product version's local policies: checked like a spec's at deploy (well formed,
   * naming ports and columns that exist, never loosening a global policy), stored as a new version,
   * audited, and in force from the next read.
   *
   * @param document the new policies section, YAML or JSON (named {@code file} in problems)
   * @throws QuantaException {@code FORBIDDEN} for a principal who is neither owner nor governance,
   *     {@code INVALID_SPEC} listing every problem with its line and column (nothing is stored)
   */
  public LocalPolicies change(
      ProductId product, Principal principal, String file, String document) {
    requireNonNull(document, "document is null");
    requireControl(product, principal);
    ProductSpec spec = specs.get(product);
    YamlTree.Result yaml = YamlTree.read(file, document);
    List<Problem> problems = new ArrayList<>(yaml.problems());
    if (problems.isEmpty() && yaml.tree().isPresent()) {
      JsonNode section = yaml.tree().get();
      String basePath = "";
      if (section.has("policies") && section.size() == 1) {
        section = section.get("policies"); // a document with the section's key is fine too
        basePath = "policies";
      }
      PolicyParser.Result parsed =
          PolicyParser.parse(section, basePath, yaml.locations(), PolicyScope.LOCAL);
      problems.addAll(parsed.problems());
      if (problems.isEmpty()) {
        problems.addAll(
            PolicyChecks.check(spec, parsed.policies(), global.get(), yaml.locations()));
      }
      if (problems.isEmpty()) {
        problems.addAll(rowFilters.check(spec, parsed.policies(), yaml.locations()));
      }
      if (problems.isEmpty()) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        PolicyStore.PolicyVersion stored = store.put(product, section, now, principal.user());
        audit.record(
            new AccessDecision(
                now,
                principal,
                Optional.empty(),
                product + "/control/policies",
                "control",
                true,
                List.of(),
                List.of("policies version " + stored.version()),
                Optional.of(AccessDecision.fingerprint(section.toString())),
                0));
        return current(product);
      }
    } else if (problems.isEmpty()) {
      problems.add(new Problem(file, 1, 1, "", "the policies document is empty"));
    }
    throw new QuantaException(
        ErrorCode.INVALID_SPEC,
        "The policies of " + product + " were not changed: " + problems.size() + " problem(s)",
        problems);
  }

  private static SourceMap noLocations(ProductId product) {
    return new SourceMap(product.toString(), Map.of(), Map.of(), Map.of(), Map.of());
  }
}
