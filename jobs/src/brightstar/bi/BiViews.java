package brightstar.bi;

import brightstar.BrightstarException;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The BI views {@code gold.v_*}: what BI tools (through {@code serve-sql}) and {@code sql}
 * users read instead of the raw gold tables. Each is one {@code CREATE OR REPLACE VIEW} in
 * {@code conf/views/<name>.sql} (packaged in the jar), listed in creation order in {@code
 * conf/views/views.conf}. A view over a table the warehouse does not hold yet (the models
 * before {@code train} ran) is skipped, not failed: the other views still serve.
 *
 * <p>Views are catalog objects of the running session, like the table registrations: they
 * are recreated at each start, so there is nothing to migrate when a view changes.
 */
public final class BiViews {
  static final String FOLDER = "conf/views/";
  private static final Pattern TABLE_REFERENCE =
      Pattern.compile("\\b(bronze|silver|gold)\\.([a-z][a-z0-9_]*)\\b");
  private static final Pattern VIEW_NAME =
      Pattern.compile("CREATE OR REPLACE VIEW gold\\.([a-z][a-z0-9_]*)");

  /** One view: its name, its statement, and the tables and views it reads. */
  public record View(String name, String sql, List<TableId> reads) {}

  /** What {@link #create} did: the views created and, per skipped view, the missing tables. */
  public record Outcome(List<String> created, List<String> skipped) {}

  private BiViews() {}

  /** Every view of {@code conf/views/views.conf}, in creation order. */
  public static List<View> all() {
    List<View> views = new ArrayList<>();
    for (String name : ConfigFactory.parseString(read("views.conf")).getStringList("views")) {
      views.add(parse(name, read(name + ".sql")));
    }
    return views;
  }

  static View parse(String name, String sql) {
    Matcher declared = VIEW_NAME.matcher(sql);
    if (!declared.find() || !declared.group(1).equals(name) || !name.startsWith("v_")) {
      throw new BrightstarException(
          FOLDER + name + ".sql does not create gold." + name,
          "each listed view's file must hold CREATE OR REPLACE VIEW gold.<its name>, named v_*",
          "fix the file's statement or its name in " + FOLDER + "views.conf");
    }
    Set<TableId> reads = new LinkedHashSet<>();
    Matcher m = TABLE_REFERENCE.matcher(withoutComments(sql));
    while (m.find()) {
      TableId table = new TableId(m.group(1), m.group(2));
      if (!table.equals(TableId.gold(name))) {
        reads.add(table);
      }
    }
    return new View(name, sql, List.copyOf(reads));
  }

  /**
   * Creates every view whose tables exist in the catalog's warehouse (and were registered);
   * reports each skipped view with what it lacks through {@code log}.
   */
  public static Outcome create(SparkSession spark, TableCatalog catalog, Consumer<String> log) {
    List<String> created = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (View view : all()) {
      List<String> missing = new ArrayList<>();
      for (TableId table : view.reads()) {
        boolean isView = table.layer().equals(TableId.GOLD) && table.name().startsWith("v_");
        if (isView ? !created.contains(table.name()) : !catalog.exists(table)) {
          missing.add(table.qualified());
        }
      }
      if (missing.isEmpty()) {
        spark.sql(view.sql());
        created.add(view.name());
      } else {
        skipped.add(view.name());
        log.accept(
            "gold." + view.name() + " skipped: " + String.join(", ", missing) + " not built yet");
      }
    }
    return new Outcome(created, skipped);
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("(?m)--.*$", "").replaceAll("COMMENT '(?:[^'\\\\]|\\\\.)*'", "");
  }

  private static String read(String file) {
    String resource = FOLDER + file;
    try (InputStream in = BiViews.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new BrightstarException(
            "BI view file " + resource + " is missing",
            "it is listed in " + FOLDER + "views.conf but not packaged in the jar",
            "add the file to " + FOLDER + " or remove it from views.conf, then rebuild");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot read " + resource, e.getMessage(), "rebuild the jar (mvn package)", e);
    }
  }
}
