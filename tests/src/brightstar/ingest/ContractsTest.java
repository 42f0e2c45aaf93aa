package brightstar.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.testing.SharedSpark;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ContractsTest {
  static final Path DIR = Path.of("conf/sources");

  /** "source.entity" -> "format | columns | key | event" as docs/landing.md's tables say. */
  static Map<String, String> landingDoc() throws IOException {
    Map<String, String> out = new TreeMap<>();
    String source = null;
    for (String line : Files.readAllLines(Path.of("docs/landing.md"))) {
      if (line.startsWith("## ")) {
        source = line.substring(3).strip();
      } else if (line.startsWith("| ") && !line.startsWith("| entity") && source != null) {
        String[] cells = Arrays.stream(line.split("\\|")).map(String::strip)
            .filter(c -> !c.isEmpty()).toArray(String[]::new);
        if (cells.length != 4 || cells[0].startsWith("---")) {
          continue;
        }
        List<String> columns = new ArrayList<>();
        String event = "-";
        for (String c : cells[2].split(",")) {
          String name = c.strip();
          if (name.endsWith("*")) {
            name = name.substring(0, name.length() - 1);
            event = name;
          }
          columns.add(name);
        }
        out.put(source + "." + cells[0], cells[1] + " | " + String.join(", ", columns) + " | "
            + cells[3].replace(" ", "") + " | " + event);
      }
    }
    return out;
  }

  @Test
  void contractsDescribeExactlyWhatTheLandingContractPromises() throws IOException {
    Map<String, String> contracts = new TreeMap<>();
    for (SourceContract s : Contracts.loadDirectory(DIR)) {
      for (EntityContract e : s.entities()) {
        contracts.put(e.label(), e.format().label() + " | "
            + String.join(", ", e.columnNames()) + " | " + String.join(",", e.businessKey())
            + " | " + (e.eventTime() == null ? "-" : e.eventTime()));
      }
    }
    Map<String, String> doc = landingDoc();
    assertEquals(14, doc.size(), doc.keySet().toString());
    assertEquals(doc, contracts);
  }

  @Test
  void thePackagedCopyIsUsedWhenTheFolderIsAbsent() {
    List<SourceContract> fromDisk = Contracts.loadDirectory(DIR);
    List<SourceContract> fromJar = Contracts.load(SharedSpark.config(Path.of("unused"))
        .with(Contracts.DIRECTORY_KEY, "/no/such/folder"));
    assertEquals(List.of("finance", "marketing", "prospects", "sales", "support"),
        fromJar.stream().map(SourceContract::source).toList());
    assertEquals(
        fromDisk.stream().flatMap(s -> s.entities().stream()).map(EntityContract::fingerprint)
            .toList(),
        fromJar.stream().flatMap(s -> s.entities().stream()).map(EntityContract::fingerprint)
            .toList());
    assertTrue(fromJar.get(0).origin().startsWith("classpath:conf/sources/"),
        fromJar.get(0).origin());
  }

  @Test
  void typedColumnsKeysPiiAndRulesAreRead() {
    EntityContract surveys = FileParserTest.contract("support", "surveys");
    assertEquals("INT", surveys.type("score").sql());
    assertEquals(List.of("respondent_email", "comment"), surveys.pii());
    assertEquals(List.of("response_id", "respondent_email", "survey_type", "score",
        "responded_date"), surveys.required());
    assertEquals(List.of(new RangeRule("score", "0", "10", "survey_type = 'nps'"),
        new RangeRule("score", "1", "5", "survey_type = 'csat'")), surveys.ranges());
    assertEquals("bronze.support_surveys", surveys.table().qualified());
    EntityContract usage = FileParserTest.contract("sales", "seat_usage");
    assertEquals(List.of("subscription_id", "usage_date"), usage.businessKey());
    assertEquals("uniqueness(subscription_id,usage_date)", usage.dq().get(0).name());
  }

  private static String error(String entityBody) {
    String hocon = "entities = [ { name = orders, format = csv, "
        + "schema = \"order_id STRING, amount DECIMAL(18,2), order_date DATE\", "
        + "business-key = [order_id], " + entityBody + " } ]";
    return assertThrows(BrightstarException.class,
        () -> Contracts.parse(ConfigFactory.parseString(hocon), "shop", "shop.conf"))
        .getMessage();
  }

  @Test
  void contractMistakesAreCaughtWithFileEntityAndFix() {
    assertEquals("cannot read source contract shop.conf: entity orders: the entity has an "
        + "unknown key 'bussiness-key'. Fix: use only business-key, description, dq, enums, "
        + "event-time, format, name, not-null, options, pii, ranges, required, schema",
        error("bussiness-key = [x]"));
    assertEquals("cannot read source contract shop.conf: entity orders: 'pii' names 'emial', "
        + "which is not in the schema. Fix: use a column of the schema: order_id, amount, "
        + "order_date", error("pii = [emial]"));
    assertEquals("cannot read source contract shop.conf: entity orders: event-time 'amount' is "
        + "DECIMAL(18,2), not a date or timestamp. Fix: declare it DATE or TIMESTAMP",
        error("event-time = amount"));
    assertTrue(error("ranges = [{ column = amount, min = 0, when = \"a = = b\" }]")
        .startsWith("cannot read source contract shop.conf: entity orders: ranges: 'when' for "
            + "amount is not a SQL condition"));
    assertEquals("cannot read source contract shop.conf: entity orders: enums: column 'amount' "
        + "is not a STRING. Fix: enums apply to STRING columns",
        error("enums { amount = [1, 2] }"));
    assertEquals("cannot read source contract shop.conf: entity orders: dq min-ratio 1.5 is not "
        + "in 0..1. Fix: give the smallest passing share, e.g. 0.95",
        error("dq = [{ check = completeness, column = amount, min-ratio = 1.5 }]"));
    String badType = assertThrows(BrightstarException.class, () -> Contracts.parse(
        ConfigFactory.parseString("entities = [{ name = t, format = csv, "
            + "schema = \"id STRING, tags ARRAY<STRING>\", business-key = [id] }]"),
        "shop", "shop.conf")).getMessage();
    assertTrue(badType.contains("column 'tags' has type ARRAY<STRING>, which the ingest engine "
        + "does not parse"), badType);
  }

  @Test
  void anUnknownSourceListsTheKnownOnes() {
    assertEquals("unknown source 'billing': there is no contract conf/sources/billing.conf "
        + "(known: finance, marketing, prospects, sales, support). Fix: pass one of the known "
        + "sources or 'all', or add a contract file",
        assertThrows(BrightstarException.class,
            () -> Contracts.select(Contracts.loadDirectory(DIR), "billing")).getMessage());
  }
}
