package brightstar.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.generate.Generator;
import brightstar.generate.GeneratorSpec;
import brightstar.io.LandingZone;
import brightstar.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts against what the generator really writes: parsing and the row rules (no Delta
 * writes, to stay fast) must quarantine exactly the rows the generator planted, by file, line
 * and kind, and read exactly the data lines its truth lists.
 */
class GeneratedLandingTest {
  static final LocalDate START = LocalDate.of(2024, 1, 1);
  static final LocalDate END = LocalDate.of(2024, 3, 31);

  @TempDir Path landing;

  @Test
  void exactlyThePlantedRowsAreQuarantinedWithTheirKind() throws IOException {
    Generator.run(new GeneratorSpec(200, 1, START, END, landing), line -> { });
    SparkSession spark = SharedSpark.get();
    LandingZone zone = new LandingZone(spark, landing.toString());
    TreeSet<String> quarantined = new TreeSet<>();
    Map<String, Long> read = new TreeMap<>();
    for (SourceContract s : Contracts.loadDirectory(Path.of("conf/sources"))) {
      for (EntityContract c : s.entities()) {
        List<LandingZone.Extract> files = zone.list(s.source(), c.entity(), START, END);
        Dataset<Row> checked = RowRules.check(Parsing.lines(Parsing.parse(zone.read(files), c, 5),
            c).withColumn(BronzeTables.BATCH_ID, lit("b")), c);
        // One job per entity: a file that failed as a whole has no lines, so a file error
        // shows as a shortfall of rows read.
        Row r = checked.agg(count(lit(1)), collect_list(when(col("_reason").isNotNull(),
            concat_ws(",", lit(s.source()), lit(c.entity()), col("_file"),
                col("_line").cast("string"), col("_kind"))))).first();
        read.put(c.label(), r.getLong(0));
        quarantined.addAll(r.getList(1));
      }
    }
    List<String> truth = Files.readAllLines(landing.resolve("_truth/malformed.csv"));
    assertEquals(new TreeSet<>(truth.subList(1, truth.size())), quarantined);

    List<String> recordLines = Files.readAllLines(landing.resolve("_truth/records.csv"));
    Map<String, Long> records = new TreeMap<>();
    for (String line : recordLines.subList(1, recordLines.size())) {
      String[] f = line.split(",", 3);
      records.merge(f[0] + "." + f[1], 1L, Long::sum);
    }
    assertEquals(records, read, "rows read per entity = data lines the generator wrote");
  }
}
