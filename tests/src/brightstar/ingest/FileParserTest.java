package brightstar.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-file parser on its own: no Spark, one small text per case. */
class FileParserTest {
  static final List<SourceContract> CONTRACTS = Contracts.loadDirectory(Path.of("conf/sources"));
  static final LocalDate DAY = LocalDate.of(2024, 1, 5);
  static final String PAYMENTS_HEADER =
      "payment_id,invoice_id,billing_account,paid_date,amount,currency,method\n";

  static EntityContract contract(String source, String entity) {
    return CONTRACTS.stream().filter(s -> s.source().equals(source)).findFirst().orElseThrow()
        .entities().stream().filter(e -> e.entity().equals(entity)).findFirst().orElseThrow();
  }

  static FileParser.Parsed parse(String source, String entity, String file, String text) {
    return FileParser.parse(contract(source, entity), file, DAY,
        text.getBytes(StandardCharsets.UTF_8), 5);
  }

  static List<String> problems(FileParser.Parsed p) {
    return p.lines().stream().flatMap(l -> l.problems().stream()
        .map(x -> l.line() + " " + x.kind() + ": " + x.message())).toList();
  }

  @Test
  void csvFieldsFollowQuotingAndAnEmptyFieldIsMissing() {
    assertEquals(Arrays.asList("a,b", "say \"hi\"", null, "", "x"),
        CsvTokenizer.split("\"a,b\",\"say \"\"hi\"\"\",,\"\",x", ',', '"').fields());
    assertEquals(Arrays.asList("a", null), CsvTokenizer.split("a,", ',', '"').fields());
    assertEquals("field 2 opens a quote that never closes (truncated line?)",
        CsvTokenizer.split("a,\"Acme, In", ',', '"').problem().message());
    assertEquals(Problem.TRUNCATED_LINE,
        CsvTokenizer.split("a,\"Acme, In", ',', '"').problem().kind());
  }

  @Test
  void linesKeepTheirPhysicalNumberAndOriginalText() {
    FileParser.Parsed p = parse("finance", "payments", "finance/payments/d/part-00000.csv",
        "\uFEFF" + PAYMENTS_HEADER.replace("\n", "\r\n")
            + "PAY-1,INV-1,BA-1,2024-01-05,90.00,USD,card\r\n"
            + "\r\n"
            + "PAY-2,INV-2,BA-2,2024-01-05,1.50,EUR,card\r\n");
    assertEquals(3, p.summary().rowsRead());
    assertEquals(List.of(2, 3, 4), p.lines().stream().map(FileParser.Line::line).toList());
    assertEquals("PAY-2,INV-2,BA-2,2024-01-05,1.50,EUR,card", p.lines().get(2).raw());
    assertEquals(List.of("3 malformed_line: blank line"), problems(p));
    assertArrayEquals(new Object[] {"PAY-1", "INV-1", "BA-1", Date.valueOf(DAY),
        new BigDecimal("90.00"), "USD", "card"}, p.lines().get(0).values());
  }

  @Test
  void valuesParseStrictlyByTheirDeclaredType() {
    FileParser.Parsed p = parse("finance", "payments", "f.csv", PAYMENTS_HEADER
        + "PAY-1,INV-1,BA-1,2024-02-30,1e2,USD,card\n"
        + "PAY-2,INV-1,BA-1,2024-01-05,\"1,50\",USD,card\n"
        + "PAY-3,INV-1,BA-1,2024-01-05,99999999999999999.00,USD,card\n"
        + "PAY-4,,BA-1,,2.5,USD,card\n");
    assertEquals(List.of(
        "2 bad_date: paid_date: '2024-02-30' is not a date (yyyy-MM-dd)",
        "3 non_numeric: amount: '1,50' is not a number",
        "4 out_of_range: amount: 99999999999999999.00 does not fit DECIMAL(18,2)",
        "5 missing_value: missing event time paid_date",
        "5 missing_value: missing required value invoice_id"), problems(p));
    assertEquals(new BigDecimal("100.00"), p.lines().get(0).values()[4]);
    assertEquals(new BigDecimal("2.50"), p.lines().get(3).values()[4]);

    FileParser.Parsed t = parse("support", "tickets", "t.csv",
        "ticket_id,requester_email,company,opened_at,closed_at,priority,category,channel\n"
            + "T-1,a@b.example,Acme,2024-01-05T23:30:00,,low,bug,chat\n");
    assertEquals(Timestamp.from(Instant.parse("2024-01-05T23:30:00Z")),
        t.lines().get(0).values()[3]);
    assertNull(t.lines().get(0).values()[4]);
  }

  @Test
  void jsonValuesKeepTheirTextAndBrokenLinesSayWhy() {
    FileParser.Parsed p = parse("sales", "accounts", "a.json",
        "{\"account_id\":\"A-1\",\"company_name\":\"Acme\",\"employees\":12.0,"
            + "\"created_date\":\"2024-01-05\",\"tier\":{\"x\":1}}\n"
            + "[1,2]\n"
            + "{\"account_id\":\"A-3\",\"account_id\":\"A-4\"}\n"
            + "{\"account_id\": \"A-5\", \"company_name\": \"Glob\n");
    assertEquals(List.of(
        "1 non_numeric: employees: '12.0' is not an integer",
        "2 malformed_line: not a JSON object",
        "3 malformed_line: key 'account_id' appears twice",
        "4 truncated_line: line ends before the JSON object closes (truncated line?)"),
        problems(p));
    assertEquals(Map.of("tier", "{\"x\":1}"), p.lines().get(0).extra());
    assertTrue(p.summary().notes().contains("extra column tier kept as STRING"),
        p.summary().notes().toString());
  }

  @Test
  void aMissingOptionalColumnIsNullAndNoted() {
    FileParser.Parsed p = parse("support", "surveys", "s.csv",
        "response_id,respondent_email,survey_type,score,responded_date\n"
            + "R-1,a@b.example,nps,9,2024-01-05\n");
    assertNull(p.summary().error());
    assertEquals(List.of("optional column comment absent: loaded as null"), p.summary().notes());
    assertNull(p.lines().get(0).values()[5]);
  }

  @Test
  void fewUnparseableValuesAreBadRowsButAllOfManyAreATypeChange() {
    String bad = "PAY-%d,INV-1,BA-1,2024-01-05,%d euros,USD,card\n";
    StringBuilder four = new StringBuilder(PAYMENTS_HEADER);
    for (int i = 1; i <= 4; i++) {
      four.append(String.format(bad, i, i));
    }
    FileParser.Parsed rows = parse("finance", "payments", "p.csv", four.toString());
    assertNull(rows.summary().error());
    assertEquals(4, rows.lines().size());
    FileParser.Parsed five = parse("finance", "payments", "p.csv",
        four + String.format(bad, 5, 5));
    assertEquals("p.csv changed the type of column amount (none of its 5 values is a "
        + "DECIMAL(18,2), e.g. '1 euros')", five.summary().error());
    assertEquals(List.of(), five.lines());
  }

  @Test
  void aJsonKeyCountsAsMissingOnlyWhenEnoughRecordsLackIt() {
    String record = "{\"account_id\":\"A-%d\",\"company_name\":\"C\","
        + "\"created_date\":\"2024-01-05\"}\n";
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      text.append(String.format(record, i));
    }
    assertNull(parse("sales", "accounts", "a.json", text.toString()).summary().error());
    text.append(String.format(record, 5));
    assertEquals("a.json lacks required columns domain, industry, country, employees, "
        + "founded_year, owner (it has: account_id, company_name, created_date)",
        parse("sales", "accounts", "a.json", text.toString()).summary().error());
  }

  @Test
  void wholeFileProblemsNameTheFile() {
    assertEquals("x/part-00000.json has the wrong format: a csv extract must end in .csv",
        parse("finance", "payments", "x/part-00000.json", PAYMENTS_HEADER).summary().error());
    assertEquals("x.csv has the wrong format: it is not UTF-8 text (binary data or another "
        + "encoding?)", FileParser.parse(contract("finance", "payments"), "x.csv", DAY,
            new byte[] {'a', (byte) 0xC3, (byte) 0x28, '\n'}, 5).summary().error());
    assertEquals("x.csv is empty (3 bytes): a day with no records has no folder",
        parse("finance", "payments", "x.csv", " \n\n").summary().error());
    assertEquals("x.json has the wrong format: no line is a JSON object (first line: "
        + "'account_id,company_name')",
        parse("sales", "accounts", "x.json",
            "account_id,company_name\nA-1,Acme\nA-2,Bcme\nA-3,Ccme\nA-4,Dcme\n")
            .summary().error());
    // One truncated record on a quiet day is a bad row, not a file in the wrong format.
    FileParser.Parsed truncated =
        parse("sales", "accounts", "y.json", "{\"account_id\":\"A-1\",\"company_na\n");
    assertNull(truncated.summary().error());
    assertEquals(1, truncated.summary().rowsRead());
    assertEquals(1, truncated.lines().size());
    assertEquals(false, truncated.lines().get(0).problems().isEmpty(), "the line has a problem");
    FileParser.Parsed headerOnly = parse("finance", "payments", "x.csv", PAYMENTS_HEADER);
    assertNull(headerOnly.summary().error());
    assertEquals(0, headerOnly.summary().rowsRead());
  }
}
