package brightstar.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * One declared table: where it lives ({@link TableId}), what a row is, and its columns in
 * order, each with a type, a unit and a meaning. The Delta column comment is the meaning plus
 * the unit; docs/tables.md is generated from the same declaration ({@link TablesDoc}).
 *
 * @param id layer and name
 * @param summary what one row is and which job writes it (Markdown, may span paragraphs)
 * @param columns the columns in table order
 * @param keys the columns that identify a row (shown in italics in the docs)
 */
public record TableSpec(TableId id, String summary, List<Column> columns, List<String> keys) {

  /**
   * One declared column.
   *
   * @param unit e.g. {@code USD}, {@code days}; empty when the value has no unit
   */
  public record Column(String name, DataType type, String unit, String meaning) {
    /** The Delta column comment: meaning, then the unit in brackets. */
    public String comment() {
      return unit.isEmpty() ? meaning : meaning + " [" + unit + "]";
    }
  }

  public TableSpec {
    columns = List.copyOf(columns);
    keys = List.copyOf(keys);
    for (String k : keys) {
      if (columns.stream().noneMatch(c -> c.name().equals(k))) {
        throw new IllegalArgumentException(id + ": key " + k + " is not a declared column");
      }
    }
  }

  public static Builder of(TableId id, String summary) {
    return new Builder(id, summary);
  }

  /** The declared schema, each field carrying its comment (nullable: Spark does not check). */
  public StructType schema() {
    StructType s = new StructType();
    for (Column c : columns) {
      s = s.add(c.name(), c.type(), true,
          new MetadataBuilder().putString("comment", c.comment()).build());
    }
    return s;
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Builds a declaration column by column, in table order. */
  public static final class Builder {
    private final TableId id;
    private final String summary;
    private final List<Column> columns = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();

    private Builder(TableId id, String summary) {
      this.id = id;
      this.summary = summary;
    }

    /** A key column (part of what identifies a row). */
    public Builder key(String name, DataType type, String unit, String meaning) {
      keys.add(name);
      return col(name, type, unit, meaning);
    }

    public Builder col(String name, DataType type, String unit, String meaning) {
      columns.add(new Column(name, type, unit, meaning));
      return this;
    }

    public Builder cols(List<Column> more) {
      columns.addAll(more);
      return this;
    }

    public TableSpec build() {
      return new TableSpec(id, summary, columns, keys);
    }
  }
}
