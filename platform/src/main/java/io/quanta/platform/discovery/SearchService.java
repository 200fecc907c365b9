package io.quanta.platform.discovery;

import static java.util.Objects.requireNonNull;

import io.quanta.catalog.search.SearchDocument;
import io.quanta.catalog.search.SearchFacet;
import io.quanta.catalog.search.SearchIndex;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.catalog.search.SearchResult;
import io.quanta.catalog.search.SearchSource;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.registry.LifecycleState;
import io.quanta.platform.registry.ProductStore;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.spec.ProductId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search and browse over what the deployed products publish about themselves (names, ports,
 * columns, descriptions, tags, owners, domains; never data): the mesh's Lucene index in {@code
 * <data-dir>/search/}. The registry is the truth: the index takes in every deploy as it commits,
 * and rebuilds itself from the registry's deployed products when its folder is missing, damaged or
 * of an older layout. Every process on the data folder searches and updates the same index.
 *
 * <p>Thread safe.
 */
public final class SearchService implements AutoCloseable {
  /** The index's folder under the data folder. */
  public static final String FOLDER = "search";

  private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);

  /** The states a search shows when it does not filter on state: not retired. */
  private static final Set<String> SERVING_STATES =
      Set.of(LifecycleState.ACTIVE.text(), LifecycleState.DEPRECATED.text());

  private final SearchIndex index;

  /**
   * @param folder where the index lives
   * @param products the registry's deployed product versions
   * @param specs their specs
   * @param sloStatus the status of a product version's SLOs as the platform computes it, or {@link
   *     SearchDocument#UNKNOWN_SLO_STATUS}; the index takes in a change when {@link #refresh} is
   *     called for the product
   */
  public SearchService(
      Path folder,
      ProductStore products,
      DeployedSpecs specs,
      Function<ProductId, String> sloStatus) {
    requireNonNull(folder, "folder is null");
    this.index =
        SearchIndex.open(
            folder,
            new RegistrySource(
                requireNonNull(products, "products is null"),
                requireNonNull(specs, "specs is null"),
                requireNonNull(sloStatus, "sloStatus is null")));
  }

  /**
   * Searches the products, after taking in what any process committed to the index. Retired
   * versions are left out unless the query filters on the {@code state} facet (whose counts still
   * show them).
   *
   * @throws java.io.UncheckedIOException when the index can be neither read nor rebuilt
   */
  public SearchResult search(SearchQuery query) {
    if (query.filters().containsKey(SearchFacet.STATE)) {
      return index.search(query);
    }
    Map<SearchFacet, Set<String>> filters = new EnumMap<>(SearchFacet.class);
    filters.putAll(query.filters());
    filters.put(SearchFacet.STATE, SERVING_STATES);
    return index.search(new SearchQuery(query.text(), filters, query.limit()));
  }

  /**
   * Takes in what a deploy changed; the listener of {@link
   * io.quanta.platform.lifecycle.LifecycleService#onDeploy}. A failure is logged, never thrown: the
   * deploy is committed whatever happens to the index, and {@link #rebuild} repairs it.
   */
  public void deployed(List<Deployment> deployments) {
    List<ProductId> changed = new ArrayList<>();
    for (Deployment deployment : deployments) {
      if (deployment.change() != Deployment.Change.UNCHANGED) {
        changed.add(deployment.product());
      }
    }
    try {
      index.refresh(changed);
    } catch (RuntimeException e) {
      LOG.warn(
          "The search index was not updated for {} ({}); `quanta search --rebuild` rebuilds it",
          changed,
          e.toString());
    }
  }

  /**
   * Writes the products to the index as the registry has them now (removing those it no longer
   * has): after a deploy, a deprecation or retirement, or a change of SLO status.
   *
   * @throws io.quanta.error.QuantaException {@code BUSY} when another process kept the index's
   *     write lock too long
   */
  public void refresh(Collection<ProductId> products) {
    index.refresh(products);
  }

  /** Rebuilds the whole index from the registry, in one commit. */
  public void rebuild() {
    index.rebuild();
  }

  @Override
  public void close() {
    index.close();
  }

  /** The registry's deployed product versions, as search indexes them. */
  private static final class RegistrySource implements SearchSource {
    private final ProductStore products;
    private final DeployedSpecs specs;
    private final Function<ProductId, String> sloStatus;

    RegistrySource(
        ProductStore products, DeployedSpecs specs, Function<ProductId, String> sloStatus) {
      this.products = products;
      this.specs = specs;
      this.sloStatus = sloStatus;
    }

    @Override
    public List<SearchDocument> all() {
      // Parsing the specs is most of a rebuild's time (about 1 ms a spec): use every core.
      // Retired versions too: a search filtering on state:retired finds them.
      return products.listAll().parallelStream()
          .map(this::document)
          .flatMap(Optional::stream)
          .toList();
    }

    @Override
    public Optional<SearchDocument> find(ProductId product) {
      return products.find(product).flatMap(this::document);
    }

    private Optional<SearchDocument> document(ProductVersion version) {
      try {
        return Optional.of(
            SearchDocument.of(specs.spec(version), version.state(), sloStatus.apply(version.id())));
      } catch (RuntimeException e) {
        // One spec that no longer parses must not keep every other product out of search.
        LOG.warn("{} is left out of search: {}", version.id(), e.getMessage());
        return Optional.empty();
      }
    }
  }
}
