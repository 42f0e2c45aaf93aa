package brightstar.io;

import java.util.Locale;

/**
 * The silver and gold part of docs/tables.md, generated from {@link Tables} so that what BI
 * users read is what the jobs write. The file keeps it between {@link #BEGIN} and
 * {@link #END}; the bronze part above is written by hand (bronze is declared by the source
 * contracts). {@code TablesDocTest} fails when the file is out of date and rewrites it when
 * run with {@code -Dbrightstar.update-docs=true}.
 */
public final class TablesDoc {
  public static final String BEGIN =
      "<!-- BEGIN generated from brightstar.io.Tables: edit the declarations, then run"
          + " mvn -q test -Dtest=TablesDocTest -Dbrightstar.update-docs=true -->";
  public static final String END = "<!-- END generated from brightstar.io.Tables -->";

  private static final String SILVER_INTRO =
      "Written by `unify`: identity resolution writes the crosswalk, the match candidates and"
          + " the merges; conforming writes silver.customers and the facts. How facts find their"
          + " customer, deduplication, USD conversion and the golden record's survivorship"
          + " rules: [silver.md](silver.md).";
  private static final String GOLD_INTRO =
      "Written by `customer360`, `features`, `clv`, `train` and `score`, each as of a date.";

  private TablesDoc() {}

  /** The generated section, markers included, ending with a newline. */
  public static String render() {
    StringBuilder md = new StringBuilder(BEGIN).append("\n");
    String layer = null;
    for (TableSpec t : Tables.ALL) {
      if (!t.id().layer().equals(layer)) {
        layer = t.id().layer();
        md.append("\n## ").append(layer).append("\n\n")
            .append(layer.equals(TableId.SILVER) ? SILVER_INTRO : GOLD_INTRO).append("\n");
      }
      md.append("\n### ").append(t.id().qualified()).append("\n")
          .append(t.summary()).append("\n\n")
          .append("| column | type | unit | meaning |\n|---|---|---|---|\n");
      for (TableSpec.Column c : t.columns()) {
        String name = t.keys().contains(c.name()) ? "*" + c.name() + "*" : c.name();
        md.append("| ").append(name)
            .append(" | ").append(c.type().sql().toLowerCase(Locale.ROOT))
            .append(" | ").append(cell(c.unit()))
            .append(" | ").append(cell(c.meaning()))
            .append(" |\n");
      }
    }
    return md.append("\n").append(END).append("\n").toString();
  }

  /** {@code document} with its generated section replaced by {@link #render()}. */
  public static String update(String document) {
    int begin = document.indexOf(BEGIN.substring(0, 20));
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("docs/tables.md has no generated section: add the"
          + " lines\n" + BEGIN + "\n" + END + "\nwhere the silver and gold tables belong");
    }
    int after = document.indexOf('\n', end);
    return document.substring(0, begin) + render()
        + (after < 0 ? "" : document.substring(after + 1));
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
