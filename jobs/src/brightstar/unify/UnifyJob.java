package brightstar.unify;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.conform.ConformJob;
import brightstar.identity.IdentityJob;
import brightstar.io.TableId;
import brightstar.io.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * bronze -> silver, the {@code unify} command: identity resolution ({@link IdentityJob}:
 * silver.customer_crosswalk, match candidates and merges), then the conformed silver facts and
 * the golden customer record keyed by the crosswalk's customer ids ({@link ConformJob}).
 */
public final class UnifyJob {
  public static final TableId CROSSWALK = Tables.CUSTOMER_CROSSWALK.id();
  public static final TableId CUSTOMERS = Tables.CUSTOMERS.id();
  public static final TableId ORDERS = Tables.ORDERS.id();

  private UnifyJob() {}

  /** What unify did: the identities resolved and the facts conformed. */
  public record Summary(IdentityJob.Summary identities, ConformJob.Summary facts) {}

  /**
   * Resolves identities as of {@code runDate} (null: everything in bronze), then conforms the
   * silver tables to the crosswalk.
   */
  public static Summary run(SparkSession spark, BrightstarConfig config, LocalDate runDate,
      Progress progress) {
    IdentityJob.Summary identities = IdentityJob.run(spark, config, runDate, progress);
    ConformJob.Summary facts = ConformJob.run(spark, config, progress);
    return new Summary(identities, facts);
  }
}
