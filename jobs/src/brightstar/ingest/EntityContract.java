package brightstar.ingest;

import brightstar.io.TableId;
import brightstar.quality.DqRule;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What one silo promises about one entity's extracts, read from {@code conf/sources/}: file
 * format and reader options, the typed schema (landing column names), business key, event-time
 * column, PII columns, which columns every file must carry, which values must be present, enum
 * domains, hard ranges (violations are quarantined) and data-quality rules (measured on what is
 * loaded). {@code fingerprint} changes whenever any of it changes, so a re-run under a changed
 * contract reloads the day instead of keeping what the old contract produced.
 */
public record EntityContract(
    String source,
    String entity,
    Format format,
    ReaderOptions options,
    StructType schema,
    List<String> businessKey,
    String eventTime,
    List<String> pii,
    List<String> required,
    List<String> notNull,
    Map<String, List<String>> enums,
    List<RangeRule> ranges,
    List<DqRule> dq,
    String fingerprint,
    String origin)
    implements Serializable {

  /** The two landing file formats. */
  public enum Format {
    CSV(List.of(".csv")),
    JSON(List.of(".json", ".jsonl"));

    private final List<String> extensions;

    Format(List<String> extensions) {
      this.extensions = extensions;
    }

    public boolean matches(String fileName) {
      String lower = fileName.toLowerCase(Locale.ROOT);
      return extensions.stream().anyMatch(lower::endsWith);
    }

    public List<String> extensions() {
      return extensions;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public EntityContract {
    businessKey = List.copyOf(businessKey);
    pii = List.copyOf(pii);
    required = List.copyOf(required);
    notNull = List.copyOf(notNull);
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    enums.forEach((k, v) -> ordered.put(k, List.copyOf(v)));
    enums = Collections.unmodifiableMap(ordered);
    ranges = List.copyOf(ranges);
    dq = List.copyOf(dq);
  }

  /** {@code bronze.<source>_<entity>}. */
  public TableId table() {
    return TableId.bronze(source + "_" + entity);
  }

  /** {@code finance.invoices}, how progress lines and messages name the entity. */
  public String label() {
    return source + "." + entity;
  }

  public List<String> columnNames() {
    return List.of(schema.fieldNames());
  }

  public int columnIndex(String column) {
    return schema.fieldIndex(column);
  }

  public DataType type(String column) {
    return schema.apply(column).dataType();
  }

  /** Columns that must be non-empty on every row: the key, the event time, then not-null. */
  public List<String> mustBePresent() {
    LinkedHashSet<String> all = new LinkedHashSet<>(businessKey);
    if (eventTime != null) {
      all.add(eventTime);
    }
    all.addAll(notNull);
    return List.copyOf(all);
  }

  /** The schema with PII columns tagged, so the tag travels into the Delta table's metadata. */
  public StructType taggedSchema() {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (pii.contains(fields[i].name())) {
        fields[i] = fields[i].withComment("PII");
      }
    }
    return new StructType(fields);
  }
}
