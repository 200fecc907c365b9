package io.quanta.catalog.search;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.facet.DrillDownQuery;
import org.apache.lucene.facet.DrillSideways;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene index of what the deployed products publish, in one folder (the mesh's {@code search/}).
 * It is derived data: the {@link SearchSource} is the truth, and the index rebuilds itself from it
 * when the folder is missing, unreadable or written by an older layout ({@link #FORMAT}).
 *
 * <p>Several processes may use one folder, e.g. a server and CLI commands. Lucene allows one writer
 * per index, so each update opens a writer, commits and closes it, waiting while another process
 * holds the write lock; the documents it writes are read from the source while it holds the lock,
 * so the last writer writes the source's latest state. Every search first looks for a newer commit,
 * so it sees what any process committed before it started.
 *
 * <p>Thread safe. Opening does no I/O: the first search or update does.
 */
public final class SearchIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  /** The layout of the index's documents; an index of another layout is rebuilt. */
  static final String FORMAT = "1";

  /** The commit user data key holding {@link #FORMAT}. */
  static final String FORMAT_KEY = "quanta.search.format";

  /**
   * The commit user data key holding a random id of each commit. A reader is current when its
   * commit's id is the newest commit's: Lucene's own check compares versions, which a new index
   * written where a deleted one was may repeat.
   */
  static final String COMMIT_KEY = "quanta.search.commit";

  /** Values counted per facet, the most frequent first. */
  public static final int FACET_VALUES = 10;

  /** How long an update waits for another process's writer. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  private static final Duration LOCK_POLL = Duration.ofMillis(20);

  private final Path folder;
  private final SearchSource source;
  private final Analyzer analyzer = SearchAnalyzer.create();
  private final FacetsConfig facetsConfig = IndexedFields.facetsConfig();

  /** Held while this process writes, so that its threads take turns at Lucene's write lock. */
  private final Object writing = new Object();

  /** Guards {@link #searchers} and {@link #closed}. */
  private final Object opening = new Object();

  private Searchers searchers;
  private boolean closed;

  private SearchIndex(Path folder, SearchSource source) {
    this.folder = folder;
    this.source = source;
  }

  /**
   * The index in the folder, fed by the source.
   *
   * @param folder where the index lives; created when needed
   * @param source what the products publish, read when the index is updated or rebuilt
   */
  public static SearchIndex open(Path folder, SearchSource source) {
    requireNonNull(folder, "folder is null");
    requireNonNull(source, "source is null");
    return new SearchIndex(folder.toAbsolutePath().normalize(), source);
  }

  /** The folder of the index. */
  public Path folder() {
    return folder;
  }

  /**
   * Searches, after taking in every commit made so far by any process.
   *
   * @throws UncheckedIOException when the index can be neither read nor rebuilt
   */
  public SearchResult search(SearchQuery query) {
    requireNonNull(query, "query is null");
    for (int attempt = 1; ; attempt++) {
      Searchers current = searchers();
      IndexSearcher searcher = null;
      try {
        String latest = latestCommit(current.directory());
        searcher = current.manager().acquire();
        if (!latest.equals(commitOf(searcher))) {
          current.manager().release(searcher);
          searcher = null;
          current.manager().maybeRefreshBlocking();
          searcher = current.manager().acquire();
          if (!latest.equals(commitOf(searcher)) && attempt <= 2) {
            // A new index where the old one was deleted: open it afresh.
            forget(current, false);
            continue;
          }
        }
        return search((FacetedSearcher) searcher, query);
      } catch (AlreadyClosedException e) {
        // Another thread reopened the index meanwhile: search the new one.
        if (attempt > 2) {
          throw e;
        }
      } catch (IOException e) {
        if (attempt > 2) {
          throw new UncheckedIOException("Cannot read the search index in " + folder, e);
        }
        // The folder was deleted or damaged under the open reader: start again from the source.
        LOG.warn("Cannot read the search index in {} ({}); rebuilding it", folder, e.toString());
        forget(current, true);
      } finally {
        if (searcher != null) {
          releaseQuietly(current.manager(), searcher);
        }
      }
    }
  }

  /**
   * Brings the products up to date with the source: each one the source has is written as it is
   * now, each one it has not is removed. Rebuilds the whole index instead when it is missing or of
   * another layout. Commits before returning.
   *
   * @throws QuantaException {@code BUSY} when another process kept the write lock for {@link
   *     #LOCK_WAIT}
   */
  public void refresh(Collection<ProductId> products) {
    requireNonNull(products, "products is null");
    if (products.isEmpty()) {
      return;
    }
    write(
        (writer, complete) -> {
          if (!complete) {
            rebuild(writer);
            return;
          }
          for (ProductId product : Set.copyOf(products)) {
            Optional<SearchDocument> document = source.find(product);
            if (document.isPresent()) {
              writer.updateDocument(IndexedFields.idTerm(product), build(document.get()));
            } else {
              writer.deleteDocuments(IndexedFields.idTerm(product));
            }
          }
        });
  }

  /**
   * Replaces the whole index with every product of the source, in one commit: searches see the old
   * index or the new one, never a part.
   *
   * @throws QuantaException {@code BUSY} when another process kept the write lock for {@link
   *     #LOCK_WAIT}
   */
  public void rebuild() {
    write((writer, complete) -> rebuild(writer));
  }

  @Override
  public void close() {
    synchronized (opening) {
      closed = true;
      closeQuietly(searchers);
      searchers = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** A searcher with the facet state and the words of its reader, read once per reader. */
  private static final class FacetedSearcher extends IndexSearcher {
    /** Empty when no product is indexed. */
    final Optional<SortedSetDocValuesReaderState> facets;

    final Map<IndexedFields.Text, TermExpansion> vocabulary =
        new EnumMap<>(IndexedFields.Text.class);

    FacetedSearcher(IndexReader reader, FacetsConfig config) throws IOException {
      super(reader);
      this.facets =
          reader.numDocs() == 0
              ? Optional.empty()
              : Optional.of(new DefaultSortedSetDocValuesReaderState(reader, config));
      for (IndexedFields.Text group : IndexedFields.Text.values()) {
        vocabulary.put(group, TermExpansion.read(reader, group.field));
      }
    }
  }

  /** The searchers of the folder's index, and the directory they read. */
  private record Searchers(Directory directory, SearcherManager manager) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        manager.close();
      } finally {
        directory.close();
      }
    }
  }

  private Searchers searchers() {
    synchronized (opening) {
      if (closed) {
        throw new IllegalStateException("The search index in " + folder + " is closed");
      }
      if (searchers == null) {
        if (!isComplete()) {
          write((writer, complete) -> rebuild(writer));
        }
        searchers = openSearchers();
      }
      return searchers;
    }
  }

  private Searchers openSearchers() {
    SearcherFactory factory =
        new SearcherFactory() {
          @Override
          public IndexSearcher newSearcher(IndexReader reader, IndexReader previous)
              throws IOException {
            return new FacetedSearcher(reader, facetsConfig);
          }
        };
    for (int attempt = 1; ; attempt++) {
      Directory directory = null;
      try {
        directory = FSDirectory.open(folder);
        return new Searchers(directory, new SearcherManager(directory, factory));
      } catch (IOException e) {
        closeQuietly(directory);
        if (attempt > 1) {
          throw new UncheckedIOException("Cannot open the search index in " + folder, e);
        }
        // A commit whose files are damaged: the commit point reads, a segment does not.
        LOG.warn("Cannot open the search index in {} ({}); rebuilding it", folder, e.toString());
        write((writer, complete) -> rebuild(writer), true);
      }
    }
  }

  /**
   * Drops the searchers so that the next search reopens the folder, unless another thread did since
   * they failed; and rebuilds the index from scratch first if asked.
   */
  private void forget(Searchers failed, boolean rebuild) {
    synchronized (opening) {
      if (searchers == failed) {
        closeQuietly(failed);
        searchers = null;
        if (rebuild) {
          write((writer, complete) -> rebuild(writer), true);
        }
      }
    }
  }

  /** The id of the newest commit in the directory. */
  private static String latestCommit(Directory directory) throws IOException {
    return SegmentInfos.readLatestCommit(directory).getUserData().getOrDefault(COMMIT_KEY, "");
  }

  /** The id of the commit the searcher reads. */
  private static String commitOf(IndexSearcher searcher) throws IOException {
    return ((DirectoryReader) searcher.getIndexReader())
        .getIndexCommit()
        .getUserData()
        .getOrDefault(COMMIT_KEY, "");
  }

  private static void releaseQuietly(SearcherManager manager, IndexSearcher searcher) {
    try {
      manager.release(searcher);
    } catch (IOException | AlreadyClosedException e) {
      LOG.debug("Releasing a searcher failed", e);
    }
  }

  /** Whether the folder holds a commit of this layout (its segments are not read). */
  private boolean isComplete() {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Directory directory = FSDirectory.open(folder)) {
      if (!DirectoryReader.indexExists(directory)) {
        return false;
      }
      return FORMAT.equals(SegmentInfos.readLatestCommit(directory).getUserData().get(FORMAT_KEY));
    } catch (IOException e) {
      LOG.warn("Cannot read the search index's last commit in {} ({})", folder, e.toString());
      return false;
    }
  }

  private SearchResult search(FacetedSearcher searcher, SearchQuery query) throws IOException {
    if (searcher.facets.isEmpty()) {
      return new SearchResult(0, List.of(), Map.of());
    }
    QueryText text = QueryText.parse(analyzer, query.text());
    DrillSideways drillSideways = new DrillSideways(searcher, facetsConfig, searcher.facets.get());
    DrillSideways.DrillSidewaysResult result;
    if (text.isEmpty()) {
      result = run(drillSideways, new MatchAllDocsQuery(), query, true);
    } else {
      result = run(drillSideways, text.toQuery(searcher.vocabulary, true), query, false);
      if (result.hits.totalHits.value == 0 && text.words().size() > 1) {
        // No product has every word: rank those having some of them.
        result = run(drillSideways, text.toQuery(searcher.vocabulary, false), query, false);
      }
    }
    MatchFinder finder = new MatchFinder(analyzer, text);
    StoredFields stored = searcher.storedFields();
    List<SearchHit> hits = new ArrayList<>();
    for (ScoreDoc hit : result.hits.scoreDocs) {
      SearchDocument document =
          IndexedFields.fromJson(stored.document(hit.doc).get(IndexedFields.STORED));
      MatchFinder.Match match = finder.find(document);
      hits.add(new SearchHit(document, match.field(), match.port(), match.column(), hit.score));
    }
    Map<SearchFacet, List<FacetCount>> facets = new EnumMap<>(SearchFacet.class);
    for (SearchFacet facet : SearchFacet.values()) {
      facets.put(facet, counts(result.facets, facet));
    }
    return new SearchResult(result.hits.totalHits.value, hits, facets);
  }

  private DrillSideways.DrillSidewaysResult run(
      DrillSideways drillSideways, Query base, SearchQuery query, boolean byName)
      throws IOException {
    DrillDownQuery drillDown = new DrillDownQuery(facetsConfig, base);
    query
        .filters()
        .forEach((facet, values) -> values.forEach(v -> drillDown.add(facet.label(), v)));
    return drillSideways.search(
        drillDown,
        null,
        null,
        query.limit(),
        byName ? IndexedFields.BY_NAME : IndexedFields.BY_SCORE,
        true);
  }

  private static List<FacetCount> counts(Facets facets, SearchFacet facet) throws IOException {
    FacetResult result;
    try {
      result = facets.getTopChildren(FACET_VALUES, facet.label());
    } catch (IllegalArgumentException e) {
      return List.of(); // no indexed product has a value of this facet
    }
    if (result == null) {
      return List.of();
    }
    List<FacetCount> counts = new ArrayList<>();
    for (LabelAndValue value : result.labelValues) {
      counts.add(new FacetCount(value.label, value.value.intValue()));
    }
    return counts;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** What an update does with the writer. */
  @FunctionalInterface
  private interface Update {
    /**
     * @param complete whether the index holds a commit of this layout; when not, the update must
     *     rebuild it
     */
    void apply(IndexWriter writer, boolean complete) throws IOException;
  }

  private void write(Update update) {
    write(update, false);
  }

  /**
   * Opens a writer (waiting for other processes' writers), applies the update, commits and closes.
   *
   * @param create whether to start a new index whatever the folder holds (it is damaged)
   */
  private void write(Update update, boolean create) {
    synchronized (writing) {
      long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
      try {
        Files.createDirectories(folder);
        try (Directory directory = FSDirectory.open(folder);
            IndexWriter writer = openWriter(directory, create, deadline)) {
          boolean complete =
              !create && FORMAT.equals(commitData(writer).get(FORMAT_KEY)) && hasCommit(directory);
          update.apply(writer, complete);
          writer.setLiveCommitData(
              Map.of(FORMAT_KEY, FORMAT, COMMIT_KEY, UUID.randomUUID().toString()).entrySet());
          writer.commit();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the search index in " + folder, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuantaException(
            ErrorCode.BUSY, "Interrupted while waiting to write the search index in " + folder);
      }
    }
  }

  private IndexWriter openWriter(Directory directory, boolean create, long deadline)
      throws IOException, InterruptedException {
    boolean fresh = create;
    boolean wiped = false;
    while (true) {
      try {
        return new IndexWriter(directory, writerConfig(fresh));
      } catch (LockObtainFailedException e) {
        if (System.nanoTime() > deadline) {
          throw new QuantaException(
              ErrorCode.BUSY,
              "Another process has been writing the search index in "
                  + folder
                  + " for "
                  + LOCK_WAIT.toSeconds()
                  + " s; try again",
              e);
        }
        Thread.sleep(LOCK_POLL.toMillis());
      } catch (IOException e) {
        if (!fresh) {
          // The last commit cannot be read (damaged, or of an older Lucene): start a new index.
          LOG.warn("Cannot open the search index in {} ({}); rebuilding it", folder, e.toString());
          fresh = true;
        } else if (!wiped) {
          // Even a new index reads the old commit point: remove the damaged files first.
          wiped = wipe(directory);
        } else {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes every file of the index under the write lock.
   *
   * @return false when another writer holds the lock (it may have repaired the index already)
   */
  private static boolean wipe(Directory directory) throws IOException {
    try (Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      for (String file : directory.listAll()) {
        if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
          directory.deleteFile(file);
        }
      }
      return true;
    } catch (LockObtainFailedException e) {
      return false;
    }
  }

  private IndexWriterConfig writerConfig(boolean create) {
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    config.setOpenMode(
        create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    config.setRAMBufferSizeMB(64);
    return config;
  }

  private static Map<String, String> commitData(IndexWriter writer) {
    Map<String, String> data = new java.util.HashMap<>();
    Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
    if (live != null) {
      live.forEach(entry -> data.put(entry.getKey(), entry.getValue()));
    }
    return data;
  }

  private static boolean hasCommit(Directory directory) throws IOException {
    return DirectoryReader.indexExists(directory);
  }

  private void rebuild(IndexWriter writer) throws IOException {
    writer.deleteAll();
    for (SearchDocument document : source.all()) {
      writer.addDocument(build(document));
    }
  }

  private org.apache.lucene.document.Document build(SearchDocument document) throws IOException {
    return facetsConfig.build(IndexedFields.document(document));
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed", closeable, e);
    }
  }
}
