package io.quanta.platform.governance;

import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Validation;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.ProductId;
import io.quanta.spec.SpecSource;
import java.util.List;

/**
 * The access audit log as a data product: {@code governance/access-audit}, a system product the
 * mesh deploys itself. Its input port reads the registry's audit table through JDBC, incrementally
 * by id; its output {@code decisions} is an event log of every read decision (and every change of a
 * product's policies), served through every port like any product's, and readable by the {@code
 * governance} role only (its own access rule). {@code quanta up} refreshes it periodically; {@code
 * quanta run governance/access-audit} does it at once.
 */
public final class AuditProduct {
  /** The product. */
  public static final ProductId ID = ProductId.of("governance", "access-audit", 1);

  private AuditProduct() {}

  /** The product's spec for a mesh whose registry is in the data folder. */
  static String spec(Mesh mesh) {
    String registry = mesh.dataDir().resolve("quanta.db").toString();
    return """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata:
          domain: governance
          name: access-audit
          version: 1.0.0
          owner: governance
          description: >-
            Every read decision of the mesh (who read or was refused which port, how, under
            which rules and obligations, how many rows they got) and every change of a product's
            policies through its control port. Maintained by Quanta itself.
          kind: source-aligned
          tags: [system, audit, governance]
        inputs:
          - name: audit
            jdbc:
              url: "jdbc:sqlite:%s"
              table: access_audit
              cursor: id
        outputs:
          - name: decisions
            description: One row per decision, in the order they were made.
            eventTime: decided_at
            sql: |
              SELECT CAST(id AS BIGINT) AS id,
                     CAST(decided_at AS TIMESTAMPTZ) AS decided_at,
                     user_name,
                     CAST(groups AS VARCHAR) AS groups,
                     CAST(roles AS VARCHAR) AS roles,
                     anonymous <> 0 AS anonymous,
                     purpose,
                     port,
                     mode,
                     allowed <> 0 AS allowed,
                     CAST(rules AS VARCHAR) AS rules,
                     CAST(obligations AS VARCHAR) AS obligations,
                     fingerprint,
                     CAST(rows_returned AS BIGINT) AS rows_returned
              FROM audit
            schema:
              - {name: id, type: bigint, description: "The decision's number in the log"}
              - {name: decided_at, type: timestamp, description: "When the decision was made"}
              - {name: user_name, type: string, description: "Who read (anonymous without credentials)"}
              - {name: groups, type: string, description: "The reader's groups (JSON array)"}
              - {name: roles, type: string, description: "The reader's roles (JSON array)"}
              - {name: anonymous, type: boolean, description: "Whether the request had no credentials"}
              - {name: purpose, type: string, description: "The purpose the reader declared"}
              - {name: port, type: string, description: "The port read (or the control port changed)"}
              - {name: mode, type: string, description: "sql, files, rest, events or control"}
              - {name: allowed, type: boolean, description: "Whether the read was allowed"}
              - {name: rules, type: string, description: "The rules that took part (JSON array)"}
              - {name: obligations, type: string, description: "Masks, filters and group sizes applied (JSON array)"}
              - {name: fingerprint, type: string, description: "A hash of the query text"}
              - {name: rows_returned, type: bigint, description: "Rows or events returned"}
        policies:
          access:
            - id: governance-only
              allow: "'governance' in principal.roles"
        """
        .formatted(registry.replace("\\", "/").replace("\"", "\\\""));
  }

  /**
   * Deploys the product if the mesh does not have it as it should be (e.g. the data folder moved),
   * then runs it, appending the decisions made since its last run.
   *
   * @return the run
   */
  public static RunRecord refresh(Mesh mesh) {
    String text = spec(mesh);
    boolean current =
        mesh.registry()
            .products()
            .find(ID)
            .map(version -> version.source().text().equals(text))
            .orElse(false);
    if (!current) {
      Validation validation =
          mesh.lifecycle()
              .validateSources(
                  List.of(new SpecSource("governance/access-audit.yaml", mesh.dataDir(), text)));
      validation.orThrow();
      mesh.lifecycle().deploy(validation);
    }
    return mesh.runs().run(ID, "audit");
  }
}
