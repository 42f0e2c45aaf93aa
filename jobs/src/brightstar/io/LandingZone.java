package brightstar.io;

import brightstar.BrightstarException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The landing zone as docs/landing.md lays it out:
 * {@code <root>/<source>/<entity>/<YYYY-MM-DD>/<file>} (local folder or s3a://). Lists extract
 * files on the driver (one listing per entity and day folder) and reads their bytes in Spark
 * tasks. Spark's own file sources are not used here: planning them over thousands of small
 * daily files took seconds per entity, and whole-file reads are what give exact line numbers.
 */
public final class LandingZone {
  /** One extract file: its full path, its path relative to the root, its extract day. */
  public record Extract(String path, String file, LocalDate runDate, long bytes)
      implements java.io.Serializable {}

  /** Rows of {@link #read}: relative path, extract day, the file's bytes. */
  public static final StructType FILES =
      new StructType()
          .add("file", DataTypes.StringType, false)
          .add("run_date", DataTypes.DateType, false)
          .add("content", DataTypes.BinaryType, false);

  private final SparkSession spark;
  private final Path root;
  /**
   * The Hadoop configuration the read tasks open files with, broadcast once: captured in each
   * task's closure instead, every task deserialised the whole configuration (gzipped strings)
   * again, about a tenth of ingest's task time on thousands of small daily files.
   */
  private Broadcast<SerializableConfiguration> hadoopConf;

  public LandingZone(SparkSession spark, String root) {
    this.spark = spark;
    this.root = new Path(root);
  }

  public String root() {
    return root.toString();
  }

  /** Fails with a clear message when the landing root is not there at all. */
  public void requireRoot() {
    try {
      if (!fs().exists(root)) {
        throw new BrightstarException(
            "landing zone " + root + " does not exist",
            "the folder is missing",
            "pass --landing DIR or set brightstar.landing to the folder the extracts land in");
      }
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot read landing zone " + root, e.getMessage(), "check the path and credentials", e);
    }
  }

  /**
   * The extract files of one entity whose day folder falls in {@code [from, to]}, by day then
   * name. A missing entity folder is no extract; an empty day folder or a folder that is not a
   * day is an error (data there would otherwise be silently skipped).
   */
  public List<Extract> list(String source, String entity, LocalDate from, LocalDate to) {
    Path entityDir = new Path(new Path(root, source), entity);
    List<Extract> out = new ArrayList<>();
    try {
      FileSystem fs = fs();
      if (!fs.exists(entityDir)) {
        return out;
      }
      FileStatus[] days = fs.listStatus(entityDir);
      Arrays.sort(days, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus day : days) {
        String name = day.getPath().getName();
        if (hidden(name)) {
          continue;
        }
        LocalDate date = dayOf(day, entityDir);
        if (date.isBefore(from) || date.isAfter(to)) {
          continue;
        }
        FileStatus[] files = fs.listStatus(day.getPath());
        Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
        int before = out.size();
        for (FileStatus f : files) {
          String fileName = f.getPath().getName();
          if (hidden(fileName)) {
            continue;
          }
          if (f.isDirectory()) {
            throw unexpected(f.getPath(), "a folder inside a day folder");
          }
          String relative = source + "/" + entity + "/" + name + "/" + fileName;
          out.add(new Extract(f.getPath().toString(), relative, date, f.getLen()));
        }
        if (out.size() == before) {
          throw new BrightstarException(
              "extract missing in " + day.getPath(),
              "the day folder holds no file (a day with no records has no folder)",
              "re-deliver the day's file, or remove the empty folder");
        }
      }
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot list extracts under " + entityDir, e.getMessage(),
          "check the landing path and its permissions", e);
    }
    return out;
  }

  /** The files' bytes as a Dataset of {@link #FILES}, read in parallel tasks. */
  public Dataset<Row> read(List<Extract> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 2));
    JavaRDD<Row> rows = jsc.parallelize(files, slices).map(new ReadFile(hadoopConf(jsc)));
    return spark.createDataFrame(rows, FILES);
  }

  private synchronized Broadcast<SerializableConfiguration> hadoopConf(JavaSparkContext jsc) {
    if (hadoopConf == null) {
      hadoopConf = jsc.broadcast(
          new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    }
    return hadoopConf;
  }

  private FileSystem fs() throws IOException {
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  private static LocalDate dayOf(FileStatus day, Path entityDir) {
    if (!day.isDirectory()) {
      throw unexpected(day.getPath(), "a file directly in the entity folder " + entityDir);
    }
    try {
      return LocalDate.parse(day.getPath().getName());
    } catch (DateTimeParseException e) {
      throw unexpected(day.getPath(), "a folder whose name is not a day (YYYY-MM-DD)");
    }
  }

  private static BrightstarException unexpected(Path path, String what) {
    return new BrightstarException(
        "unexpected entry in the landing zone: " + path,
        "it is " + what + ", and its data would not be loaded",
        "move it to <landing>/<source>/<entity>/<YYYY-MM-DD>/ (docs/landing.md) or remove it");
  }

  /** Reads one file in a task; a file that vanished since listing fails the job by name. */
  private static final class ReadFile implements Function<Extract, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableConfiguration> conf;

    ReadFile(Broadcast<SerializableConfiguration> conf) {
      this.conf = conf;
    }

    @Override
    public Row call(Extract e) {
      Path p = new Path(e.path());
      Configuration hadoop = conf.value().value();
      try (InputStream in = p.getFileSystem(hadoop).open(p)) {
        return RowFactory.create(e.file(), Date.valueOf(e.runDate()), in.readAllBytes());
      } catch (IOException ex) {
        throw new BrightstarException(
            "cannot read extract " + e.file(), ex.toString(),
            "check the file is still there and readable, then re-run", ex);
      }
    }
  }
}
