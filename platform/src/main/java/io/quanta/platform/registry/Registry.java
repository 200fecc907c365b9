package io.quanta.platform.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The platform's metadata: products, deployments, runs and port snapshots. SQLite under the data
 * folder by default (WAL, so that a server and CLI commands can share it), its schema managed by
 * Flyway migrations. Every change runs in a transaction.
 *
 * <p>Thread safe.
 */
public final class Registry implements AutoCloseable {
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final ProductStore products;
  private final RunStore runs;
  private final TokenStore tokens;
  private final PolicyStore policies;
  private final AuditStore audit;
  private final GovernanceStore governance;
  private final TrustStore trust;
  private final LifecycleStore lifecycle;

  private Registry(HikariDataSource pool) {
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
    this.products = new ProductStore(jdbi);
    this.runs = new RunStore(jdbi);
    this.tokens = new TokenStore(jdbi);
    this.policies = new PolicyStore(jdbi);
    this.audit = new AuditStore(jdbi);
    this.governance = new GovernanceStore(jdbi);
    this.trust = new TrustStore(jdbi);
    this.lifecycle = new LifecycleStore(jdbi);
  }

  /**
   * Opens (creating and migrating if needed) the registry in {@code quanta.db} under the folder.
   */
  public static Registry open(Path dataDir) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(30_000);
    config.enforceForeignKeys(true);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve("quanta.db"));
    // Opening a SQLite connection and applying its pragmas costs more than most registry reads.
    HikariConfig poolConfig = new HikariConfig();
    poolConfig.setDataSource(sqlite);
    poolConfig.setPoolName("quanta-registry");
    poolConfig.setMaximumPoolSize(4);
    poolConfig.setMinimumIdle(1);
    HikariDataSource pool = new HikariDataSource(poolConfig);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Registry(pool);
  }

  public ProductStore products() {
    return products;
  }

  public RunStore runs() {
    return runs;
  }

  /** The bearer tokens of {@code quanta token create}. */
  public TokenStore tokens() {
    return tokens;
  }

  /** The applied versions of the mesh's governance files. */
  public GovernanceStore governance() {
    return governance;
  }

  /** The local policies products changed through their control ports. */
  public PolicyStore policies() {
    return policies;
  }

  /** Checks, profiles and probes: what the platform measured about products. */
  public TrustStore trust() {
    return trust;
  }

  /** Deprecations and retirements of product versions, and the warnings of runs about them. */
  public LifecycleStore lifecycle() {
    return lifecycle;
  }

  /** The access audit log: every read decision. */
  public AuditStore audit() {
    return audit;
  }

  /** Runs the callback in one transaction across stores. */
  public <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
    return jdbi.inTransaction(callback);
  }

  @Override
  public void close() {
    pool.close();
  }
}
