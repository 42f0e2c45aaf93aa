package brightstar.conform;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The identity kinds of silver.customer_crosswalk (source, entity) and how a fact's column
 * becomes the crosswalk's {@code source_key}: ids as they are, e-mail addresses lower-cased
 * and trimmed (the contract's {@code lower(trim(x))}).
 */
public enum Identity {
  ACCOUNTS("sales", "accounts", false),
  BILLING_ACCOUNTS("finance", "billing_accounts", false),
  LEADS("marketing", "leads", false),
  REQUESTERS("support", "requesters", true),
  RESPONDENTS("support", "respondents", true),
  CONTACTS("sales", "contacts", true);

  private final String source;
  private final String entity;
  private final boolean email;

  Identity(String source, String entity, boolean email) {
    this.source = source;
    this.entity = entity;
    this.email = email;
  }

  public String source() {
    return source;
  }

  public String entity() {
    return entity;
  }

  /** The crosswalk's source_key for a fact's identity column; null for a blank e-mail. */
  public Column key(Column value) {
    if (!email) {
      return value;
    }
    Column k = lower(trim(value));
    return when(k.equalTo(""), lit(null).cast("string")).otherwise(k);
  }
}
