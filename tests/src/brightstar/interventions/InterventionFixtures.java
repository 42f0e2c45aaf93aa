package brightstar.interventions;

import brightstar.io.Tables;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-made customers of one day: a customer is a gold.customer_360 row with a few columns set
 * (the others null), plus optional scores and tickets, so each case of a rule is visible.
 */
final class InterventionFixtures {
  static final LocalDate DAY = LocalDate.parse("2024-06-30");

  private InterventionFixtures() {}

  private static final StructType C360 = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("as_of_date", DataTypes.DateType)
      .add("tenure_days", DataTypes.IntegerType)
      .add("first_purchase_date", DataTypes.DateType)
      .add("last_purchase_date", DataTypes.DateType)
      .add("seats_purchased", DataTypes.IntegerType)
      .add("seats_active", DataTypes.IntegerType)
      .add("seat_utilisation", DataTypes.DoubleType)
      .add("last_nps", DataTypes.IntegerType)
      .add("last_nps_date", DataTypes.DateType)
      .add("nps_class", DataTypes.StringType)
      .add("tickets_90d", DataTypes.IntegerType)
      .add("complaints_90d", DataTypes.IntegerType)
      .add("tier", DataTypes.StringType);

  private static final StructType SCORES = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("as_of_date", DataTypes.DateType)
      .add("model", DataTypes.StringType)
      .add("version", DataTypes.StringType)
      .add("probability", DataTypes.DoubleType)
      .add("decile", DataTypes.IntegerType);

  private static final StructType TICKETS = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("ticket_id", DataTypes.StringType)
      .add("opened_at", DataTypes.TimestampType)
      .add("closed_at", DataTypes.TimestampType)
      .add("category", DataTypes.StringType);

  /** One customer; by default 200 days in, bought again on day 30, no seats, no NPS. */
  static final class Customer {
    final String id;
    int tenure = 200;
    boolean boughtAgain = true;
    int seats;
    int active;
    Integer nps;
    String tier = "B";

    Customer(String id) {
      this.id = id;
    }

    Customer tenure(int days) {
      tenure = days;
      return this;
    }

    Customer onePurchase() {
      boughtAgain = false;
      return this;
    }

    Customer seats(int purchased, int inUse) {
      seats = purchased;
      active = inUse;
      return this;
    }

    Customer nps(int score) {
      nps = score;
      return this;
    }

    Row row(LocalDate day) {
      LocalDate first = day.minusDays(tenure);
      LocalDate last = boughtAgain ? first.plusDays(Math.min(30, tenure)) : first;
      String npsClass = nps == null ? null : nps >= 9 ? "promoter" : nps >= 7 ? "passive"
          : "detractor";
      return RowFactory.create(id, Date.valueOf(day), tenure, Date.valueOf(first),
          Date.valueOf(last), seats, active,
          seats > 0 ? Math.round(10000.0 * active / seats) / 10000.0 : null,
          nps, nps == null ? null : Date.valueOf(day.minusDays(20)), npsClass, 2, 1, tier);
    }
  }

  static Customer customer(String id) {
    return new Customer(id);
  }

  /** gold.customer_360_history rows of the day (every declared column, unset ones null). */
  static Dataset<Row> history(LocalDate day, Customer... customers) {
    List<Row> rows = new ArrayList<>();
    for (Customer c : customers) {
      rows.add(c.row(day));
    }
    return Declared.padded(Tables.CUSTOMER_360_HISTORY,
        SharedSpark.get().createDataFrame(rows, C360));
  }

  /** A gold.customer_scores row as the contract defines it (the columns this stage reads). */
  static Row score(String customer, LocalDate day, String model, double p, int decile) {
    return RowFactory.create(customer, Date.valueOf(day), model,
        day.toString().replace("-", ""), p, decile);
  }

  static Dataset<Row> scores(Row... rows) {
    return SharedSpark.get().createDataFrame(List.of(rows), SCORES);
  }

  /** A silver.tickets row: opened and closed (null: still open) at noon of those days. */
  static Row ticket(String customer, String id, LocalDate opened, LocalDate closed,
      String category) {
    return RowFactory.create(customer, id, Timestamp.valueOf(opened.atTime(12, 0)),
        closed == null ? null : Timestamp.valueOf(closed.atTime(12, 0)), category);
  }

  static Dataset<Row> tickets(Row... rows) {
    return Declared.padded(Tables.TICKETS,
        SharedSpark.get().createDataFrame(List.of(rows), TICKETS));
  }

  /** The rows the rules read, as the job builds them. */
  static Dataset<Row> customerRows(LocalDate day, Dataset<Row> history, Dataset<Row> scores,
      Dataset<Row> tickets, InterventionSettings settings) {
    return Interventions.customerRows(history,
        scores == null ? null : Interventions.pivotScores(scores, day),
        Interventions.openComplaints(tickets, settings.complaintCategories(), day), day);
  }

  /** The configured rules with no holdout: every firing is an action. */
  static InterventionSettings noHoldout() {
    InterventionSettings d = InterventionSettings.defaults();
    return new InterventionSettings(0.0, d.holdoutSalt(), d.complaintCategories(), d.rules());
  }
}
