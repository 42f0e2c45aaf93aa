package brightstar.clv.model;

import java.time.LocalDate;

/**
 * One customer's calibration-period summary, the input of the CLV models.
 *
 * @param customerId the customer's key
 * @param firstPurchase the first purchase day, the start of the customer's age
 * @param frequency x: repeat purchase days, purchase days minus one
 * @param recency t_x: periods from the first to the last purchase day
 * @param age T: periods from the first purchase day to the calibration end
 * @param monetary mean net value of the repeat purchase days; 0 when frequency is 0
 */
public record CustomerSummary(
    String customerId,
    LocalDate firstPurchase,
    int frequency,
    double recency,
    double age,
    double monetary) {}
