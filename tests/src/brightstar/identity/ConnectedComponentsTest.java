package brightstar.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Components named by their smallest node string, whatever order the nodes are numbered in. */
class ConnectedComponentsTest {
  private final SparkSession spark = SharedSpark.get();

  private Dataset<Row> edges(String... pairs) {
    List<String> a = new ArrayList<>();
    for (String p : pairs) {
      a.add(p);
    }
    return spark.createDataset(a, Encoders.STRING()).selectExpr(
        "split(value, '-')[0] as a", "split(value, '-')[1] as b");
  }

  private Dataset<Row> nodes(String... names) {
    return spark.createDataset(List.of(names), Encoders.STRING()).toDF("node");
  }

  private static Map<String, String> collect(Dataset<Row> components) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : components.collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  @Test
  void componentsAreNamedByTheirSmallestNodeAndIsolatedNodesStandAlone() {
    // A chain z-y-x-w (three rounds), a star around m, a self loop, and a node without edges.
    List<String> rounds = new ArrayList<>();
    Map<String, String> c = collect(ConnectedComponents.of(nodes("lonely", "w", "m"),
        edges("z-y", "y-x", "x-w", "m-n", "m-o", "p-m", "s-s"), 10, rounds::add));
    Map<String, String> expected = new TreeMap<>(Map.of("w", "w", "x", "w", "y", "w", "z", "w",
        "m", "m", "n", "m", "o", "m", "p", "m", "s", "s", "lonely", "lonely"));
    assertEquals(expected, c);
    assertTrue(rounds.size() >= 3 && rounds.get(rounds.size() - 1).endsWith(": 0 labels changed"),
        String.valueOf(rounds));
  }

  @Test
  void aChainLongerThanTheRoundsAllowedFailsWithTheSettingToRaise() {
    BrightstarException e = assertThrows(BrightstarException.class, () -> collect(
        ConnectedComponents.of(nodes("a"), edges("a-b", "b-c", "c-d", "d-e", "e-f"), 2)));
    assertTrue(e.getMessage().contains("did not settle in 2 rounds"), e.getMessage());
    assertTrue(e.getMessage().contains("brightstar.identity.max-iterations"), e.getMessage());
  }
}
