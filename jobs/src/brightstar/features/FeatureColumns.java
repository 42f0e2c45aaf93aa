package brightstar.features;

import brightstar.customer360.Customer360Columns;
import brightstar.customer360.Customer360Columns.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The columns of gold.customer_features in table order: the snapshot date, the features (the
 * columns of gold.customer_360 as of the snapshot, with their meanings) and the labels.
 */
public final class FeatureColumns {
  private FeatureColumns() {}

  public static final String SNAPSHOT_DATE = "snapshot_date";

  /**
   * gold.customer_360 columns that are not features: names and domains identify, the CRM
   * account count comes from the current golden record (a merge after the snapshot would
   * change it), gold.clv exists only for the dates clv was run on, the models' own scores are outputs, and as_of_date is
   * {@link #SNAPSHOT_DATE} here.
   */
  public static final Set<String> NOT_FEATURES =
      Set.of("company_name", "domain", "crm_accounts", "clv_12m", "p_alive", "p_high_value",
          "p_dissatisfied", "as_of_date");

  /** The label columns, in table order. */
  public static final List<Spec> LABELS = List.of(
      new Spec("future_net_revenue_usd", "double", "USD",
          "net invoiced minus credit notes in the high-value window after the snapshot; null"
              + " until the window is observed"),
      new Spec("high_value", "boolean", "",
          "future_net_revenue_usd in the top high-value.top-share (conf, 20%) of the"
              + " snapshot's customers and above 0; null until the window is observed"),
      new Spec("future_churned", "boolean", "",
          "dissatisfied part churn: a subscription term ending in the dissatisfied window was"
              + " not followed by another term within renewal-grace-days (conf, 30)"),
      new Spec("future_seat_cut", "boolean", "",
          "dissatisfied part seat-cut: a term starting in the window has seat-cut-share"
              + " (conf, 20%) or more fewer seats than the customer's term before"),
      new Spec("future_complaint", "boolean", "",
          "dissatisfied part complaint: a ticket of complaint-categories (conf) opened in the"
              + " window"),
      new Spec("future_low_nps", "boolean", "",
          "dissatisfied part low-nps: an NPS answer of at most nps-max (conf, 6) in the"
              + " window"),
      new Spec("dissatisfied", "boolean", "",
          "any of the parts listed in dissatisfied.parts (conf); null until the window and"
              + " the renewal grace days are observed"),
      new Spec("high_value_window_end", "date", "",
          "last day of the high-value window: the month end high-value.window-months (conf,"
              + " 12) after the snapshot"),
      new Spec("dissatisfied_window_end", "date", "",
          "last day of the dissatisfied window: the month end dissatisfied.window-months"
              + " (conf, 6) after the snapshot"),
      new Spec("labels_as_of", "date", "",
          "the as-of date of the build that wrote the row: labels see facts up to it only"));

  /** Every column of gold.customer_features, in table order. */
  public static final List<Spec> COLUMNS = columns();

  /** The feature columns (customer_id first), as named in gold.customer_360. */
  public static List<String> features() {
    List<String> out = new ArrayList<>();
    for (Spec s : Customer360Columns.CUSTOMER_360) {
      if (!NOT_FEATURES.contains(s.name())) {
        out.add(s.name());
      }
    }
    return out;
  }

  private static List<Spec> columns() {
    List<Spec> out = new ArrayList<>();
    out.add(new Spec(SNAPSHOT_DATE, "date", "",
        "the month end the row describes: every feature sees facts up to it only"));
    for (Spec s : Customer360Columns.CUSTOMER_360) {
      if (!NOT_FEATURES.contains(s.name())) {
        out.add(s);
      }
    }
    out.addAll(LABELS);
    return List.copyOf(out);
  }
}
