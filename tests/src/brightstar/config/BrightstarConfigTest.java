package brightstar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrightstarConfigTest {
  @TempDir Path dir;

  @Test
  void embeddedDefaultsAreLocalAndLaptopSized() {
    BrightstarConfig c = BrightstarConfig.defaults();
    assertEquals("./warehouse", c.warehouse());
    assertEquals("./landing", c.landing());
    assertEquals("local[*]", c.sparkMaster());
    assertEquals(4, c.shufflePartitions());
  }

  @Test
  void flagsBeatEnvironmentBeatFileBeatDefaults() throws Exception {
    File file = dir.resolve("my.conf").toFile();
    Files.writeString(
        file.toPath(),
        "brightstar { warehouse = \"from-file\", landing = \"file-landing\","
            + " spark.master = \"local[1]\" }");
    Map<String, String> env =
        Map.of("BRIGHTSTAR_WAREHOUSE", "from-env", "BRIGHTSTAR_SPARK_SHUFFLE_PARTITIONS", "9");
    BrightstarConfig c =
        BrightstarConfig.load(file, env, Map.of("brightstar.warehouse", "from-flag"));
    assertEquals("from-flag", c.warehouse());
    assertEquals(9, c.shufflePartitions());
    assertEquals("file-landing", c.landing());
    assertEquals("local[1]", c.sparkMaster());
    assertEquals("brightstar", c.appName());
  }

  @Test
  void environmentNamesFollowTheDocumentedRule() {
    assertEquals(
        "BRIGHTSTAR_SPARK_SHUFFLE_PARTITIONS",
        BrightstarConfig.environmentName("brightstar.spark.shuffle-partitions"));
    assertEquals("BRIGHTSTAR_WAREHOUSE", BrightstarConfig.environmentName("brightstar.warehouse"));
  }

  @Test
  void missingConfigFileIsAClearError() {
    BrightstarException e =
        assertThrows(
            BrightstarException.class,
            () -> BrightstarConfig.load(dir.resolve("nope.conf").toFile(), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
    assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
  }

  @Test
  void secretsAreMaskedWhenTheConfigIsLogged() {
    BrightstarConfig c =
        BrightstarConfig.defaults().with("brightstar.spark.extra.fs-s3a-secret-key", "hunter2");
    String all = String.join("\n", c.describe());
    assertTrue(all.contains("****"), all);
    assertTrue(!all.contains("hunter2"), all);
  }

  @Test
  void trailingSlashOnTheWarehouseIsIgnored() {
    assertEquals(
        "s3a://bucket/wh",
        BrightstarConfig.defaults().with("brightstar.warehouse", "s3a://bucket/wh/").warehouse());
  }

  @Test
  void clusterExampleConfigPointsEveryLocationAtS3() {
    BrightstarConfig c = BrightstarConfig.load(new File("conf/cluster-s3.conf"), Map.of(), Map.of());
    assertTrue(c.warehouse().startsWith("s3a://"), c.warehouse());
    assertTrue(c.landing().startsWith("s3a://"), c.landing());
    assertTrue(c.models().startsWith("s3a://"), c.models());
    assertEquals(64, c.shufflePartitions());
    assertTrue(c.sparkExtra().containsKey("spark.hadoop.fs.s3a.aws.credentials.provider"));
  }
}
