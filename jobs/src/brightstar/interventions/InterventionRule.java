package brightstar.interventions;

import java.io.Serializable;

/**
 * One intervention rule of {@code brightstar.interventions.rules}: when {@code condition} holds
 * for a customer on a day, the customer gets {@code action} from {@code ownerTeam} through
 * {@code channel}, unless the rule already fired for them within {@code coolDownDays} or they
 * are in the holdout.
 *
 * @param name unique name, recorded in gold.interventions.rule (letters, digits, - and _)
 * @param condition a Spark SQL boolean expression over one customer row (the gold.customer_360
 *     columns as of the day, the day's scores and {@code open_complaints}; see
 *     {@link Interventions#customerRows}); null counts as false
 * @param action what to do, e.g. {@code call to propose a second purchase}
 * @param ownerTeam who does it, e.g. {@code sales}
 * @param channel how, e.g. {@code phone}
 * @param coolDownDays after the rule fired (action or holdout) for a customer, it does not fire
 *     for them again for this many days; 0 lets it fire every day
 * @param reason the reason template: text with {@code {column}} or {@code {column:%.2f}}
 *     placeholders naming the evidence ({@link ReasonTemplate})
 */
public record InterventionRule(
    String name, String condition, String action, String ownerTeam, String channel,
    int coolDownDays, String reason)
    implements Serializable {}
