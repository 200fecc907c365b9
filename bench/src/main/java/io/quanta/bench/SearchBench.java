package io.quanta.bench;

import io.quanta.catalog.search.SearchDocument;
import io.quanta.catalog.search.SearchIndex;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.catalog.search.SearchResult;
import io.quanta.catalog.search.SearchSource;
import io.quanta.examples.PodcastMesh;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import io.quanta.spec.SpecSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Search and discovery (group {@code search}): the time to build the search index of 10,000
 * generated products, to rebuild it from the registry, and to take in one deploy; the latency of
 * searches over it (a mix of exact names, column names, typos, prefixes, free text, facet filters
 * and browsing) against the target; and the latency of a product's root document ({@code
 * mesh.discovery().describe}) on the podcast mesh, alone and with the generated products
 * registered. There is no baseline.
 */
final class SearchBench {
  static final String BUILD_MEASURE = "search index build from specs (s)";
  static final String REBUILD_MEASURE = "search index rebuild from the registry (s)";
  static final String UPDATE_MEASURE = "search index update of one deploy, p50 / p99 (ms)";
  static final String LATENCY_MEASURE = "search latency, p50 / p99 (ms)";
  static final String DISCOVERY_MEASURE = "discovery document, podcast mesh, p50 / p99 (ms)";
  static final String DISCOVERY_LARGE_MEASURE =
      "discovery document, generated products registered too, p50 / p99 (ms)";

  /** The group's measures, in the report's order. */
  static final List<String> MEASURES =
      List.of(
          BUILD_MEASURE,
          REBUILD_MEASURE,
          UPDATE_MEASURE,
          LATENCY_MEASURE,
          DISCOVERY_MEASURE,
          DISCOVERY_LARGE_MEASURE);

  /** The target: p99 under 20 ms at 10,000 products. */
  static final double LATENCY_TARGET_MS = 20;

  /** Generated products at the default scale; fewer below {@code --scale 1,000,000}. */
  static final int PRODUCTS = 10_000;

  /** Plays of the podcast mesh the discovery documents describe. */
  static final long PLAYS = 100_000;

  static final long SEED = 20261121L;
  static final int QUERIES_PER_KIND = 300;
  static final int WARM_UP_PER_KIND = 50;
  static final int UPDATES = 50;
  static final int DOCUMENTS = 200;
  static final int DOCUMENT_WARM_UPS = 20;

  private SearchBench() {}

  /** The kinds of searches of the mix, each an equal share. */
  enum Kind {
    NAME("exact product names, e.g. daily-listeners-by-country"),
    COLUMN("column names, e.g. listener_count"),
    TYPO("a word of a product's name with one letter left out or two swapped"),
    PREFIX("the first four letters of a word, as typed"),
    TEXT("two words, e.g. revenue country"),
    FACETS("a word with a domain and a tag filter"),
    BROWSE("no text, half of them filtered by domain");

    final String description;

    Kind(String description) {
      this.description = description;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A search of the mix, and the product it should find, when it should find one: the first hit
   * should have the product's name (several domains may have a product of that name), and the
   * product should be among the hits.
   */
  private record Probe(
      Kind kind, SearchQuery query, Optional<GeneratedProducts.Product> expected) {}

  /** The number of generated products at this scale: 10,000, or scale / 100 below 1 M plays. */
  static int products(BenchOptions options) {
    return (int) Math.min(PRODUCTS, Math.max(100, options.scale() / 100));
  }

  static Measured measure(Path folder, BenchOptions options, Progress progress) throws IOException {
    int count = products(options);
    double loadAtStart = loadAverage();
    Files.createDirectories(folder);
    Path podcasts = folder.resolve("podcasts");
    List<Path> specs = PodcastMesh.copySpecs(podcasts);
    long plays = Math.min(PLAYS, options.scale());
    PodcastMesh.generate(podcasts, plays);
    List<String> details = new ArrayList<>();
    List<ReportRow> rows = new ArrayList<>();
    try (Mesh mesh = Mesh.open(folder.resolve("mesh"))) {
      progress.say("search: deploying and running the podcast mesh (%,d plays)", plays);
      long start = System.nanoTime();
      List<Deployment> deployed = mesh.lifecycle().deployFiles(specs);
      double deploySeconds = Samples.secondsSince(start);
      List<ProductId> podcastIds = deployed.stream().map(Deployment::product).toList();
      mesh.runs().runAll(podcastIds, Benchmark.TRIGGER);
      int podcastHits = (int) mesh.search().search(SearchQuery.browse()).total();
      if (podcastHits != podcastIds.size()) {
        throw new IllegalStateException(
            "the deploy hook indexed " + podcastHits + " of " + podcastIds.size() + " products");
      }

      progress.say("search: discovery documents of the podcast mesh");
      Samples documents = describe(mesh, podcastIds);

      progress.say("search: generating %,d product specs", count);
      List<GeneratedProducts.Product> generated = GeneratedProducts.generate(count, SEED);
      Path baseDir = folder.resolve("generated");
      Files.createDirectories(baseDir);
      SpecParser parser = SpecParser.create();

      // The index API alone: parse each spec, make its document, write the index in one commit.
      Samples parseTimes = new Samples();
      Samples documentTimes = new Samples();
      Samples luceneTimes = new Samples();
      Samples buildTimes = new Samples();
      List<ProductSpec> parsed = List.of();
      long indexBytes = 0;
      for (int i = 1; i <= options.repeat(); i++) {
        start = System.nanoTime();
        parsed = parse(parser, generated, baseDir);
        parseTimes.add(Samples.secondsSince(start));
        start = System.nanoTime();
        List<SearchDocument> documentsToIndex =
            parsed.stream()
                .map(spec -> SearchDocument.of(spec, "active", SearchDocument.UNKNOWN_SLO_STATUS))
                .toList();
        documentTimes.add(Samples.secondsSince(start));
        Path indexFolder = folder.resolve("index-" + i);
        try (SearchIndex index = SearchIndex.open(indexFolder, new ListSource(documentsToIndex))) {
          start = System.nanoTime();
          index.rebuild();
          luceneTimes.add(Samples.secondsSince(start));
          if (index.search(SearchQuery.browse()).total() != count) {
            throw new IllegalStateException("the index built from specs misses products");
          }
        }
        indexBytes = size(indexFolder);
        buildTimes.add(last(parseTimes) + last(documentTimes) + last(luceneTimes));
        progress.say(
            "  build %d of %d: parse %.2f s, documents %.2f s, Lucene %.2f s",
            i, options.repeat(), last(parseTimes), last(documentTimes), last(luceneTimes));
        Benchmark.deleteRecursively(indexFolder);
      }

      // The same products in the mesh's registry, then the mesh's own index rebuilt from it.
      progress.say("search: registering the %,d products and rebuilding from the registry", count);
      register(mesh, parsed);
      Samples rebuilds = new Samples();
      for (int i = 0; i <= options.repeat(); i++) {
        start = System.nanoTime();
        mesh.search().rebuild();
        rebuilds.add(Samples.secondsSince(start));
      }
      double coldRebuild = rebuilds.values().get(0);
      Samples warmRebuilds = new Samples();
      rebuilds.values().stream().skip(1).forEach(warmRebuilds::add);
      long indexed = mesh.search().search(SearchQuery.browse()).total();
      if (indexed != count + podcastIds.size()) {
        throw new IllegalStateException(
            "the rebuilt index has " + indexed + " products, the registry " + (count + 8));
      }

      progress.say("search: %d single-product updates, as each deploy makes", UPDATES);
      Random random = new Random(SEED);
      Samples updates = new Samples();
      for (int i = 0; i < UPDATES; i++) {
        ProductSpec spec = parsed.get(random.nextInt(parsed.size()));
        start = System.nanoTime();
        mesh.search().refresh(List.of(spec.id()));
        updates.add(Samples.secondsSince(start));
      }

      progress.say("search: latency of %,d searches", QUERIES_PER_KIND * Kind.values().length);
      List<Probe> warmUp = probes(random, generated, WARM_UP_PER_KIND);
      for (Probe probe : warmUp) {
        mesh.search().search(probe.query());
      }
      List<Probe> probes = probes(random, generated, QUERIES_PER_KIND);
      java.util.Collections.shuffle(probes, random);
      Samples all = new Samples();
      Map<Kind, Samples> byKind = new EnumMap<>(Kind.class);
      Map<Kind, int[]> quality = new EnumMap<>(Kind.class);
      for (Probe probe : probes) {
        start = System.nanoTime();
        SearchResult result = mesh.search().search(probe.query());
        double seconds = Samples.secondsSince(start);
        all.add(seconds);
        byKind.computeIfAbsent(probe.kind(), unused -> new Samples()).add(seconds);
        int[] found = quality.computeIfAbsent(probe.kind(), unused -> new int[3]);
        found[0]++;
        if (probe.expected().isPresent()) {
          GeneratedProducts.Product expected = probe.expected().get();
          List<String> addresses =
              result.hits().stream()
                  .map(hit -> hit.document().product().product().toString())
                  .toList();
          if (!result.hits().isEmpty()
              && result.hits().get(0).document().product().name().equals(expected.name())) {
            found[1]++;
          }
          if (addresses.contains(expected.address())) {
            found[2]++;
          }
        } else if (result.total() > 0) {
          found[1]++;
          found[2]++;
        }
      }

      progress.say("search: discovery documents with %,d products registered", count);
      Samples documentsLarge = describe(mesh, podcastIds);

      double p50 = all.percentile(50) * 1000;
      double p99 = all.percentile(99) * 1000;
      rows.add(row(BUILD_MEASURE, String.format(Locale.ROOT, "%.2f", buildTimes.median())));
      rows.add(row(REBUILD_MEASURE, String.format(Locale.ROOT, "%.2f", coldRebuild)));
      rows.add(row(UPDATE_MEASURE, pair(updates)));
      rows.add(
          new ReportRow(
              LATENCY_MEASURE,
              pair(all),
              "-",
              "-",
              "p99 < " + (int) LATENCY_TARGET_MS + " ms",
              Optional.of(p99 < LATENCY_TARGET_MS)));
      rows.add(row(DISCOVERY_MEASURE, pair(documents)));
      rows.add(row(DISCOVERY_LARGE_MEASURE, pair(documentsLarge)));

      details.add(
          String.format(
              Locale.ROOT,
              "Search over %,d generated products (`GeneratedProducts`, seed %d: %d domains,"
                  + " names like `daily-listeners-by-country` from a fixed vocabulary, 1 to 3"
                  + " output ports of 4 to 12 described columns, some `pii` or `confidential`,"
                  + " 1 to 3 tags, 3 owners per domain) plus the 8 products of the podcast mesh."
                  + " No baseline exists for search. Index on disk: %.1f MB for the generated"
                  + " products.",
              count,
              SEED,
              GeneratedProducts.DOMAINS.size(),
              indexBytes / 1e6));
      details.add(
          String.format(
              Locale.ROOT,
              "Index build from specs, through the index API (`SearchIndex.rebuild()` over the"
                  + " parsed specs; not the platform's deploy path, which validates each spec's SQL"
                  + " in DuckDB), per repeat: %s s (parse the YAML %s s + documents %s s + Lucene"
                  + " write and commit %s s).",
              buildTimes.list(seconds -> seconds, "%.2f"),
              parseTimes.list(seconds -> seconds, "%.2f"),
              documentTimes.list(seconds -> seconds, "%.2f"),
              luceneTimes.list(seconds -> seconds, "%.2f")));
      details.add(
          String.format(
              Locale.ROOT,
              "Rebuild from the registry (`mesh.search().rebuild()`, what a lost index costs): the"
                  + " generated specs were written to the registry directly (`ProductStore.save`,"
                  + " one transaction), not deployed; the podcast mesh's 8 products were deployed"
                  + " with `mesh.lifecycle().deployFiles` (%.2f s, its index updates included)."
                  + " First rebuild %.2f s (reads %,d registry rows and parses every spec), then"
                  + " %s s with the specs already parsed.",
              deploySeconds,
              coldRebuild,
              count + podcastIds.size(),
              warmRebuilds.list(seconds -> seconds, "%.2f")));
      details.add(
          String.format(
              Locale.ROOT,
              "Update of one product, as the deploy hook makes it (`mesh.search().refresh(id)`:"
                  + " open a writer, replace the document, commit, close), %d times on the full"
                  + " index: p50 %.1f ms, p99 %.1f ms, max %.1f ms.",
              UPDATES,
              updates.percentile(50) * 1000,
              updates.percentile(99) * 1000,
              updates.percentile(100) * 1000));
      StringBuilder kinds = new StringBuilder();
      for (Kind kind : Kind.values()) {
        Samples samples = byKind.get(kind);
        int[] found = quality.get(kind);
        kinds.append(
            String.format(
                Locale.ROOT,
                "; %s (%s): p50 %.2f ms, p99 %.2f ms, %s",
                kind.label(),
                kind.description,
                samples.percentile(50) * 1000,
                samples.percentile(99) * 1000,
                kind == Kind.NAME || kind == Kind.TYPO
                    ? String.format(
                        Locale.ROOT,
                        "its name first in %d%%, the product in the top 20 in %d%%",
                        Math.round(100.0 * found[1] / found[0]),
                        Math.round(100.0 * found[2] / found[0]))
                    : String.format(
                        Locale.ROOT,
                        "%d%% found something",
                        Math.round(100.0 * found[1] / found[0]))));
      }
      details.add(
          String.format(
              Locale.ROOT,
              "Search latency through `mesh.search().search(query)` (the platform's path: a check"
                  + " for other processes' commits, the Lucene query with facet counts, the hits'"
                  + " stored documents and where each matched), limit 20, one thread, %,d searches"
                  + " in random order after %,d warm-ups: p50 %.2f ms, p99 %.2f ms, max %.2f ms%s.",
              probes.size(),
              warmUp.size(),
              p50,
              p99,
              all.percentile(100) * 1000,
              kinds));
      details.add(
          String.format(
              Locale.ROOT,
              "System load average (1 minute) when the search group started and ended: %.1f and"
                  + " %.1f, on %d cores; latencies of a few milliseconds move with it.",
              loadAtStart,
              loadAverage(),
              Runtime.getRuntime().availableProcessors()));
      details.add(
          String.format(
              Locale.ROOT,
              "Discovery documents (`mesh.discovery().describe(product, reader)`: spec, ports with"
                  + " addresses, rows and sample rows read through the SQL port, consumers, runs)"
                  + " of the podcast mesh's 8 products in turn, deployed and run with %,d plays,"
                  + " %d after %d warm-ups: p50 %.1f ms, p99 %.1f ms; with the %,d generated"
                  + " products in the registry too: p50 %.1f ms, p99 %.1f ms.",
              plays,
              DOCUMENTS,
              DOCUMENT_WARM_UPS,
              documents.percentile(50) * 1000,
              documents.percentile(99) * 1000,
              count,
              documentsLarge.percentile(50) * 1000,
              documentsLarge.percentile(99) * 1000));
    }
    return new Measured(rows, details);
  }

  private static List<ProductSpec> parse(
      SpecParser parser, List<GeneratedProducts.Product> generated, Path baseDir) {
    List<ProductSpec> specs = new ArrayList<>(generated.size());
    for (GeneratedProducts.Product product : generated) {
      String file = product.domain() + "-" + product.name() + ".yaml";
      specs.add(parser.parse(new SpecSource(file, baseDir, product.yaml())).orThrow());
    }
    return specs;
  }

  private static void register(Mesh mesh, List<ProductSpec> specs) {
    Instant now = Instant.now();
    mesh.registry()
        .inTransaction(
            handle -> {
              for (ProductSpec spec : specs) {
                mesh.registry()
                    .products()
                    .save(
                        handle,
                        new ProductVersion(
                            spec.id(),
                            spec.metadata().version(),
                            spec.metadata().owner(),
                            spec.metadata().description(),
                            spec.metadata().kind().map(kind -> kind.specName()),
                            "active",
                            spec.source(),
                            Integer.toHexString(spec.source().text().hashCode()),
                            now,
                            now),
                        List.of());
              }
              return null;
            });
  }

  /** Root documents of the products in turn: warm-ups, then timed ones. */
  private static Samples describe(Mesh mesh, List<ProductId> products) {
    Samples samples = new Samples();
    for (int i = 0; i < DOCUMENT_WARM_UPS + DOCUMENTS; i++) {
      ProductId product = products.get(i % products.size());
      ProductRef ref = ProductRef.parse(product.toString());
      long start = System.nanoTime();
      mesh.discovery().describe(ref, Benchmark.READER);
      if (i >= DOCUMENT_WARM_UPS) {
        samples.add(Samples.secondsSince(start));
      }
    }
    return samples;
  }

  /** {@code perKind} searches of each kind. */
  private static List<Probe> probes(
      Random random, List<GeneratedProducts.Product> products, int perKind) {
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < perKind; i++) {
      GeneratedProducts.Product product = products.get(random.nextInt(products.size()));
      probes.add(new Probe(Kind.NAME, SearchQuery.text(product.name()), Optional.of(product)));
      String column = product.columns().get(random.nextInt(product.columns().size()));
      probes.add(new Probe(Kind.COLUMN, SearchQuery.text(column), Optional.empty()));
      String word =
          Stream.of(product.name().split("-"))
              .filter(part -> part.length() >= 5)
              .findFirst()
              .orElse(GeneratedProducts.NOUNS.get(random.nextInt(GeneratedProducts.NOUNS.size())));
      String typoName = product.name().replace(word, GeneratedProducts.typo(random, word));
      probes.add(
          new Probe(
              Kind.TYPO,
              SearchQuery.text(typoName + " "),
              typoName.equals(product.name()) ? Optional.empty() : Optional.of(product)));
      String noun = GeneratedProducts.NOUNS.get(random.nextInt(GeneratedProducts.NOUNS.size()));
      probes.add(new Probe(Kind.PREFIX, SearchQuery.text(noun.substring(0, 4)), Optional.empty()));
      String other =
          GeneratedProducts.COLUMNS.get(random.nextInt(GeneratedProducts.COLUMNS.size()))[0];
      probes.add(
          new Probe(
              Kind.TEXT,
              SearchQuery.text(noun + " " + other.replace('_', ' ') + " "),
              Optional.empty()));
      String domain =
          GeneratedProducts.DOMAINS.get(random.nextInt(GeneratedProducts.DOMAINS.size()));
      String tag = GeneratedProducts.TAGS.get(random.nextInt(GeneratedProducts.TAGS.size()));
      probes.add(
          new Probe(
              Kind.FACETS,
              SearchQuery.of(noun + " ", List.of("domain:" + domain, "tag:" + tag), 20),
              Optional.empty()));
      probes.add(
          new Probe(
              Kind.BROWSE,
              SearchQuery.of("", i % 2 == 0 ? List.of() : List.of("domain:" + domain), 20),
              Optional.empty()));
    }
    return probes;
  }

  /** An in-memory source: the parsed specs, for the index API alone. */
  private static final class ListSource implements SearchSource {
    private final List<SearchDocument> documents;
    private final Map<ProductId, SearchDocument> byId;

    ListSource(List<SearchDocument> documents) {
      this.documents = List.copyOf(documents);
      this.byId =
          documents.stream()
              .collect(Collectors.toMap(SearchDocument::product, Function.identity()));
    }

    @Override
    public List<SearchDocument> all() {
      return documents;
    }

    @Override
    public Optional<SearchDocument> find(ProductId product) {
      return Optional.ofNullable(byId.get(product));
    }
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static ReportRow row(String measure, String value) {
    return new ReportRow(measure, value, "-", "-", "-", Optional.empty());
  }

  private static String pair(Samples samples) {
    return String.format(
        Locale.ROOT, "%.2f / %.2f", samples.percentile(50) * 1000, samples.percentile(99) * 1000);
  }

  private static double last(Samples samples) {
    List<Double> values = samples.values();
    return values.get(values.size() - 1);
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(SearchBench::fileSize).sum();
    }
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
