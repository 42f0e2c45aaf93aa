package brightstar.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated files against docs/landing.md and against the truth: headers, per-day folders,
 * record truth, malformed rows. Runs on a tiny population (30 customers, 60 days, what the
 * end-to-end test uses) and a small one (200 customers, one year).
 */
class LandingContractTest {
  @TempDir
  static Path tmp;

  /** One generated landing zone. */
  record Landing(String name, GeneratorSpec spec, GenerateResult result) {
    Path root() {
      return spec.out();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Landing> LANDINGS = new ArrayList<>();

  @BeforeAll
  static void generate() throws IOException {
    LANDINGS.add(landing("tiny", 30, 11, "2024-01-01", "2024-02-29"));
    LANDINGS.add(landing("small", 200, 12, "2024-01-01", "2024-12-31"));
  }

  private static Landing landing(String name, int customers, long seed, String start,
      String end) throws IOException {
    GeneratorSpec spec = new GeneratorSpec(customers, seed, LocalDate.parse(start),
        LocalDate.parse(end), tmp.resolve(name));
    return new Landing(name, spec, Generator.run(spec, line -> {}));
  }

  static Stream<Landing> landings() {
    return LANDINGS.stream();
  }

  /** An entity as docs/landing.md declares it. */
  record DocEntity(String format, List<String> columns, String event, List<String> key) {}

  /** Parses the entity tables of docs/landing.md, keyed by source/entity. */
  static Map<String, DocEntity> landingDoc() throws IOException {
    Map<String, DocEntity> out = new TreeMap<>();
    String source = null;
    for (String line : Files.readAllLines(Path.of("docs/landing.md"))) {
      if (line.startsWith("## ")) {
        source = line.substring(3).trim();
        if (source.startsWith("_truth")) {
          break;
        }
        continue;
      }
      if (source == null || !line.startsWith("|") || line.startsWith("|---")
          || line.startsWith("| entity")) {
        continue;
      }
      String[] cells = line.split("\\|");
      List<String> columns = new ArrayList<>();
      String event = null;
      for (String c : cells[3].split(",")) {
        String column = c.trim();
        if (column.endsWith("*")) {
          column = column.substring(0, column.length() - 1);
          event = column;
        }
        columns.add(column);
      }
      List<String> key = Arrays.stream(cells[4].split(",")).map(String::trim).toList();
      out.put(source + "/" + cells[1].trim(),
          new DocEntity(cells[2].trim(), columns, event, key));
    }
    return out;
  }

  @Test
  void entityDeclarationsMatchLandingDoc() throws IOException {
    Map<String, DocEntity> doc = landingDoc();
    assertEquals(doc.keySet(), Arrays.stream(Entity.values()).map(Entity::folder)
        .collect(Collectors.toCollection(java.util.TreeSet::new)));
    for (Entity e : Entity.values()) {
      DocEntity d = doc.get(e.folder());
      assertEquals(d.format(), e.format.extension, e.folder());
      assertEquals(d.columns(), List.of(e.columns), e.folder());
      assertEquals(d.event(), e.eventIndex < 0 ? null : e.columns[e.eventIndex], e.folder());
      List<String> key = Arrays.stream(e.keyIndexes).mapToObj(i -> e.columns[i]).toList();
      assertEquals(d.key(), key, e.folder());
    }
  }

  @ParameterizedTest
  @MethodSource("landings")
  void eachFileHeaderMatchesLandingDoc(Landing landing) throws IOException {
    Map<String, DocEntity> doc = landingDoc();
    Set<String> seen = new HashSet<>();
    for (Path file : LandingReader.dataFiles(landing.root())) {
      Entity entity = LandingReader.entityOf(file);
      DocEntity d = doc.get(entity.folder());
      List<String> lines = LandingReader.lines(landing.root().resolve(file));
      if (entity.format == Entity.Format.CSV) {
        assertEquals(String.join(",", d.columns()), lines.get(0), file.toString());
      } else {
        Map<String, String> first = lines.stream().map(LandingReader::json)
            .filter(m -> m != null).findFirst().orElseThrow();
        assertEquals(d.columns(), List.copyOf(first.keySet()), file.toString());
      }
      seen.add(entity.folder());
    }
    for (String core : List.of("finance/invoices", "finance/payments", "sales/accounts",
        "sales/orders", "sales/subscriptions", "sales/seat_usage", "sales/activities",
        "marketing/leads", "marketing/touches", "support/tickets", "prospects/companies")) {
      assertTrue(seen.contains(core), landing + " has files of " + core);
    }
  }

  @ParameterizedTest
  @MethodSource("landings")
  void foldersArePerDayAndWellFormedRowsCarryTheirFoldersDate(Landing landing) {
    Set<String> malformed = malformedLines(landing.root()).keySet();
    LocalDate start = landing.spec().start();
    LocalDate end = landing.spec().end();
    int checked = 0;
    for (Path file : LandingReader.dataFiles(landing.root())) {
      Entity entity = LandingReader.entityOf(file);
      assertEquals(4, file.getNameCount(), file.toString());
      assertEquals(entity.fileName(), file.getFileName().toString());
      LocalDate day = LocalDate.parse(file.getName(2).toString());
      assertFalse(day.isBefore(start) || day.isAfter(end), file + " inside the window");
      List<String> lines = LandingReader.lines(landing.root().resolve(file));
      int first = entity.format == Entity.Format.CSV ? 2 : 1;
      assertTrue(lines.size() >= first, file + " has a row");
      for (int n = first; n <= lines.size(); n++) {
        if (malformed.contains(file + ":" + n)) {
          continue;
        }
        Map<String, String> row = LandingReader.row(entity, lines.get(n - 1));
        assertNotNull(row, file + ":" + n + " parses");
        if (entity.eventIndex < 0) {
          assertEquals(end, day, "prospects are dated --end");
        } else {
          String event = row.get(entity.columns[entity.eventIndex]);
          assertEquals(day.toString(), event.substring(0, 10), file + ":" + n);
        }
        checked++;
      }
    }
    assertTrue(checked > 500, "checked " + checked + " rows");
  }

  @ParameterizedTest
  @MethodSource("landings")
  void everyLineIsInTheRecordsTruthWithAValidCustomer(Landing landing) {
    Path root = landing.root();
    Set<String> customers = LandingReader.truth(root, "customers.csv").stream()
        .map(r -> r.get("customer_id")).collect(Collectors.toSet());
    assertEquals(landing.spec().customers(), customers.size());
    Map<String, Long> truthCounts = new TreeMap<>();
    Map<String, String> customerOf = new HashMap<>();
    for (Map<String, String> r : LandingReader.truth(root, "records.csv")) {
      String entity = r.get("source") + "/" + r.get("entity");
      truthCounts.merge(entity, 1L, Long::sum);
      String customer = r.get("customer_id");
      assertTrue(customer.isEmpty() || customers.contains(customer), "known " + customer);
      customerOf.put(entity + "|" + r.get("record_id"), customer);
    }
    Set<String> malformed = malformedLines(root).keySet();
    Map<String, Long> fileCounts = new TreeMap<>();
    Map<String, Set<String>> keys = new HashMap<>();
    for (Path file : LandingReader.dataFiles(root)) {
      Entity entity = LandingReader.entityOf(file);
      List<String> lines = LandingReader.lines(root.resolve(file));
      int first = entity.format == Entity.Format.CSV ? 2 : 1;
      for (int n = first; n <= lines.size(); n++) {
        fileCounts.merge(entity.folder(), 1L, Long::sum);
        if (malformed.contains(file + ":" + n)) {
          continue;
        }
        Map<String, String> row = LandingReader.row(entity, lines.get(n - 1));
        String id = Arrays.stream(entity.keyIndexes).mapToObj(i -> row.get(entity.columns[i]))
            .collect(Collectors.joining("|"));
        String customer = customerOf.get(entity.folder() + "|" + id);
        assertNotNull(customer, file + ":" + n + " id " + id + " is in records.csv");
        boolean noCustomerAllowed = entity == Entity.LEADS || entity == Entity.TOUCHES
            || entity == Entity.COMPANIES;
        assertTrue(noCustomerAllowed || !customer.isEmpty(), id + " belongs to a customer");
        assertTrue(keys.computeIfAbsent(entity.folder(), k -> new HashSet<>()).add(id),
            "business key " + id + " is unique in " + entity.folder());
      }
    }
    assertEquals(truthCounts, fileCounts, "records.csv rows per entity = data lines");
    Map<String, Long> reported = new TreeMap<>(landing.result().rowsByEntity());
    reported.values().removeIf(rows -> rows == 0);
    assertEquals(reported, fileCounts, "GenerateResult.rowsByEntity = data lines");
    assertEquals(landing.result().files(), LandingReader.dataFiles(root).size());
    assertEquals(landing.result().malformedRows(), malformed.size());
  }

  @ParameterizedTest
  @MethodSource("landings")
  void malformedLinesAreWhereTheTruthSaysAndLookLikeTheirKind(Landing landing) {
    Path root = landing.root();
    Map<String, Map<String, String>> listed = malformedLines(root);
    for (Map.Entry<String, Map<String, String>> entry : listed.entrySet()) {
      Map<String, String> m = entry.getValue();
      Path file = Path.of(m.get("file"));
      Entity entity = LandingReader.entityOf(file);
      assertEquals(entity.source, m.get("source"));
      assertEquals(entity.entityName, m.get("entity"));
      List<String> lines = LandingReader.lines(root.resolve(file));
      int n = Integer.parseInt(m.get("line"));
      String line = lines.get(n - 1);
      String kind = m.get("kind");
      String where = kind + " at " + entry.getKey() + ": " + line;
      Map<String, String> row = LandingReader.row(entity, line);
      switch (kind) {
        case "truncated_line" -> {
          if (entity.format == Entity.Format.CSV) {
            int fields = LandingReader.csv(line).size();
            assertTrue(fields < entity.columns.length, where);
          } else {
            assertTrue(row == null && !line.endsWith("}"), where);
          }
        }
        case "duplicate_key" -> {
          assertTrue(n > (entity.format == Entity.Format.CSV ? 2 : 1), where);
          assertEquals(lines.get(n - 2), line, where);
        }
        case "bad_date" -> assertFalse(isIsoDateOrTimestamp(value(row, entity,
            entity.eventIndex, where)), where);
        case "non_numeric" -> assertFalse(isNumber(value(row, entity, entity.numericIndex,
            where)), where);
        case "missing_key" -> assertEquals("", value(row, entity, entity.keyIndexes[0], where),
            where);
        case "unknown_enum" -> assertEquals(entity.unknownEnum, value(row, entity,
            entity.enumIndex, where), where);
        case "out_of_range" -> {
          BigDecimal v = new BigDecimal(value(row, entity, entity.rangeIndex, where));
          boolean score = entity.columns[entity.rangeIndex].equals("score");
          int max = score && row.get("survey_type").equals("csat") ? 5 : 10;
          assertTrue(v.signum() < 0 || (score && v.intValue() > max), where);
        }
        default -> fail("unknown kind " + where);
      }
    }
    // About 0.2% at random plus one forced row per kind.
    long rows = landing.result().totalRows();
    int kinds = Malformation.values().length;
    assertTrue(listed.size() >= kinds && listed.size() <= kinds + 0.004 * rows,
        landing + ": " + listed.size() + " malformed of " + rows);
  }

  @Test
  void everyMalformedKindAppearsAtFiftyCustomers() throws IOException {
    Landing fifty = landing("fifty", 50, 99, "2024-01-01", "2024-03-31");
    Set<Malformation> kinds = EnumSet.noneOf(Malformation.class);
    for (Map<String, String> m : malformedLines(fifty.root()).values()) {
      kinds.add(Malformation.valueOf(m.get("kind").toUpperCase(java.util.Locale.ROOT)));
    }
    assertEquals(EnumSet.allOf(Malformation.class), kinds);
  }

  @Test
  void everyMalformedKindAppearsAtTwoHundredCustomers() {
    Landing small = LANDINGS.get(1);
    Set<String> kinds = malformedLines(small.root()).values().stream().map(m -> m.get("kind"))
        .collect(Collectors.toSet());
    assertEquals(Set.of("bad_date", "non_numeric", "missing_key", "truncated_line",
        "unknown_enum", "out_of_range", "duplicate_key"), kinds);
  }

  @ParameterizedTest
  @MethodSource("landings")
  void enumsAndAmountsOfWellFormedRowsFollowTheContract(Landing landing) {
    Map<String, Set<String>> allowed = Map.of(
        "currency", Set.of("USD", "EUR", "GBP"),
        "method", Set.of("card", "bank_transfer", "direct_debit"),
        "plan", Set.of("starter", "team", "business", "enterprise"),
        "activity_type", Set.of("call", "meeting", "email_reply", "referral_given"),
        "lead_source", Set.of("web", "event", "referral", "paid_search", "partner"),
        "touch_type", Set.of("email_open", "email_click", "webinar", "user_conference",
            "community_post", "app_download"),
        "priority", Set.of("low", "normal", "high", "urgent"),
        "category", Set.of("onboarding", "bug", "billing", "how_to", "complaint",
            "feature_request"),
        "channel", Set.of("email", "phone", "chat"),
        "survey_type", Set.of("nps", "csat"));
    Path root = landing.root();
    Set<String> malformed = malformedLines(root).keySet();
    for (Path file : LandingReader.dataFiles(root)) {
      Entity entity = LandingReader.entityOf(file);
      List<String> lines = LandingReader.lines(root.resolve(file));
      int first = entity.format == Entity.Format.CSV ? 2 : 1;
      for (int n = first; n <= lines.size(); n++) {
        if (malformed.contains(file + ":" + n)) {
          continue;
        }
        Map<String, String> row = LandingReader.row(entity, lines.get(n - 1));
        for (Map.Entry<String, String> cell : row.entrySet()) {
          Set<String> values = allowed.get(cell.getKey());
          if (values != null && !(entity == Entity.RETURNS && cell.getKey().equals("reason"))) {
            assertTrue(values.contains(cell.getValue()), file + ":" + n + " " + cell);
          }
        }
        if (entity == Entity.INVOICES) {
          assertEquals(new BigDecimal(row.get("gross_amount"))
                  .subtract(new BigDecimal(row.get("discount_amount"))),
              new BigDecimal(row.get("net_amount")), file + ":" + n);
        }
        if (entity == Entity.CREDIT_NOTES) {
          assertTrue(Set.of("refund", "return", "goodwill", "billing_error")
              .contains(row.get("reason")), file + ":" + n);
          assertTrue(new BigDecimal(row.get("amount")).signum() > 0, file + ":" + n);
        }
        if (entity == Entity.SURVEYS) {
          int score = Integer.parseInt(row.get("score"));
          int[] range = row.get("survey_type").equals("nps") ? new int[] {0, 10}
              : new int[] {1, 5};
          assertTrue(score >= range[0] && score <= range[1], file + ":" + n);
        }
      }
    }
  }

  private static String value(Map<String, String> row, Entity entity, int index, String where) {
    assertNotNull(row, "row parses: " + where);
    return row.get(entity.columns[index]);
  }

  private static boolean isIsoDateOrTimestamp(String value) {
    try {
      if (value.length() == 10) {
        LocalDate.parse(value);
      } else {
        LocalDateTime.parse(value);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isNumber(String value) {
    try {
      new BigDecimal(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** malformed.csv rows keyed by "file:line". */
  static Map<String, Map<String, String>> malformedLines(Path root) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Map<String, String> m : LandingReader.truth(root, "malformed.csv")) {
      Map<String, String> previous = out.put(m.get("file") + ":" + m.get("line"), m);
      assertTrue(previous == null, "each malformed line listed once: " + m);
    }
    return out;
  }
}
