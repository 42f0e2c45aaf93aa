package brightstar.io;

import brightstar.BrightstarException;
import java.util.regex.Pattern;

/** A table's layer and name: registered as {@code layer.name}, stored at warehouse/layer/name. */
public record TableId(String layer, String name) {
  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";
  private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]*");

  public TableId {
    if (!IDENT.matcher(layer).matches() || !IDENT.matcher(name).matches()) {
      throw new BrightstarException(
          "invalid table name " + layer + "." + name,
          "layer and table names must be lower-case letters, digits and underscores",
          "rename the source, entity or table in conf/");
    }
  }

  public static TableId bronze(String name) {
    return new TableId(BRONZE, name);
  }

  public static TableId silver(String name) {
    return new TableId(SILVER, name);
  }

  public static TableId gold(String name) {
    return new TableId(GOLD, name);
  }

  /** The name SQL users type, e.g. {@code gold.customer_360}. */
  public String qualified() {
    return layer + "." + name;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
