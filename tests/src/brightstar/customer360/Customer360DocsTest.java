package brightstar.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.customer360.Customer360Columns.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/tables.md lists every gold column of this stage, in order, with type, unit, meaning. */
class Customer360DocsTest {
  private static List<String> documented(String table) throws IOException {
    String doc = Files.readString(Path.of("docs/tables.md"));
    int start = doc.indexOf("### " + table + "\n");
    int end = doc.indexOf("\n### ", start + 1);
    return doc.substring(start, end).lines()
        .filter(l -> l.startsWith("| ") && !l.startsWith("| column "))
        .toList();
  }

  private static List<String> rows(List<Spec> specs) {
    return specs.stream().map(s -> "| " + s.name() + " | " + s.type() + " | " + s.unit()
        + " | " + s.meaning() + " |").toList();
  }

  @Test
  void customer360ColumnsAreDocumented() throws IOException {
    assertEquals(rows(Customer360Columns.CUSTOMER_360), documented("gold.customer_360"));
  }

  @Test
  void valueConcentrationColumnsAreDocumented() throws IOException {
    assertEquals(rows(ValueConcentration.COLUMNS), documented("gold.value_concentration"));
  }
}
