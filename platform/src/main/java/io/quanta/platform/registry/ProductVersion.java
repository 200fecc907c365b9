package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import io.quanta.spec.SemVer;
import io.quanta.spec.SpecSource;
import java.time.Instant;

/**
 * A deployed major version of a product, as the registry keeps it.
 *
 * @param id the product version
 * @param version the full version of the deployed spec
 * @param owner who answers for it
 * @param description what it holds
 * @param kind source-aligned, aggregate or consumer-aligned, when declared
 * @param state {@code active}, {@code deprecated} or {@code retired} ({@link LifecycleState}); a
 *     deploy keeps it
 * @param source the deployed spec's text and where its relative paths resolve
 * @param digest SHA-256 of the spec text, to tell a changed spec from a repeated deploy
 * @param firstDeployedAt when this major version was first deployed
 * @param deployedAt when the current spec was deployed
 */
public record ProductVersion(
    ProductId id,
    SemVer version,
    String owner,
    String description,
    java.util.Optional<String> kind,
    String state,
    SpecSource source,
    String digest,
    Instant firstDeployedAt,
    Instant deployedAt) {
  public ProductVersion {
    requireNonNull(id, "id is null");
    requireNonNull(version, "version is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(state, "state is null");
    requireNonNull(source, "source is null");
    requireNonNull(digest, "digest is null");
    requireNonNull(firstDeployedAt, "firstDeployedAt is null");
    requireNonNull(deployedAt, "deployedAt is null");
  }
}
