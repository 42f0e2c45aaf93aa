package brightstar.clv;

import java.time.LocalDate;

/**
 * One row of a transaction log: who, on which day, for how much. A negative amount is a
 * return or refund; {@link TransactionSummariser} nets rows per customer and day.
 *
 * @param customerId the customer's key, not null
 * @param date the day of the transaction, not null (time of day plays no part in the models)
 * @param amount the value in the log's currency; negative for returns and refunds
 */
public record Transaction(String customerId, LocalDate date, double amount) {}
