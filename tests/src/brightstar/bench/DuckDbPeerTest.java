package brightstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.ingest.Contracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bench/duckdb/ingest.sql is the DuckDB peer's ingest rendered from the shipped contracts, so
 * a reader sees the SQL the benchmark runs; this fails when it is out of date
 * ({@code -Dbrightstar.update-docs=true} rewrites it instead).
 */
class DuckDbPeerTest {
  private static final Path SQL = Path.of("bench/duckdb/ingest.sql");

  @Test
  void theCommittedIngestSqlIsTheRenderingOfTheShippedContracts() throws IOException {
    String expected = DuckDbPeer.ingestSql(Contracts.loadDirectory(Path.of("conf/sources")));
    if (Boolean.getBoolean("brightstar.update-docs")) {
      Files.writeString(SQL, expected, StandardCharsets.UTF_8);
    }
    assertEquals(expected, Files.readString(SQL, StandardCharsets.UTF_8), SQL + " is out of"
        + " date with conf/sources: run mvn -q test -Dtest=DuckDbPeerTest"
        + " -Dbrightstar.update-docs=true");
  }

  @Test
  void everyContractRuleBecomesAReasonToSetARowAside() {
    String sql = DuckDbPeer.ingestSql(Contracts.loadDirectory(Path.of("conf/sources")));
    // finance.invoices: a type, the key, a required value, an enum, a range, a repeated key.
    for (String reason : new String[] {"'issue_date: not a DATE'", "'invoice_id: missing'",
        "'net_amount: missing'", "'currency: not in its domain'", "'gross_amount is below 0'",
        "'business key repeated in the file'"}) {
      assertTrue(sql.contains(reason), reason);
    }
    // A conditional range keeps its condition; JSON lines that do not parse are set aside.
    assertTrue(sql.contains("CASE WHEN (survey_type = 'nps') AND (TRY_CAST(score AS INTEGER)"
        + " < 0 OR TRY_CAST(score AS INTEGER) > 10) THEN 'score is outside 0..10 (when"
        + " survey_type = ''nps'')' END"), sql);
    assertTrue(sql.contains("CASE WHEN NOT _valid THEN 'not a JSON object' END"));
  }
}
