package io.quanta.catalog.search;

import io.quanta.spec.ProductId;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A source holding its products in memory, as a test deploys and removes them. */
final class ListSource implements SearchSource {
  private final Map<ProductId, SearchDocument> products = new ConcurrentSkipListMap<>();
  private final AtomicInteger rebuilds = new AtomicInteger();

  /** The specs of a folder under {@code src/test/resources/search/}, as deployed and active. */
  static ListSource of(String folder) {
    ListSource source = new ListSource();
    specs(folder).forEach(source::put);
    return source;
  }

  static List<SearchDocument> specs(String folder) {
    try {
      Path path =
          Path.of(ListSource.class.getClassLoader().getResource("search/" + folder).toURI());
      SpecParser parser = SpecParser.create();
      try (Stream<Path> files = Files.list(path)) {
        return files
            .filter(file -> file.toString().endsWith(".yaml"))
            .sorted()
            .map(file -> parser.parse(file).orThrow())
            .map(spec -> SearchDocument.of(spec, "active", SearchDocument.UNKNOWN_SLO_STATUS))
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  void put(SearchDocument document) {
    products.put(document.product(), document);
  }

  void remove(ProductId product) {
    products.remove(product);
  }

  /** How many times the index read every product: its rebuilds. */
  int rebuilds() {
    return rebuilds.get();
  }

  @Override
  public List<SearchDocument> all() {
    rebuilds.incrementAndGet();
    return List.copyOf(products.values());
  }

  @Override
  public Optional<SearchDocument> find(ProductId product) {
    return Optional.ofNullable(products.get(product));
  }
}
