package brightstar.ingest;

import java.util.List;

/** One silo's contract file: its name and the entities it delivers, in file order. */
public record SourceContract(String source, String origin, List<EntityContract> entities) {
  public SourceContract {
    entities = List.copyOf(entities);
  }
}
