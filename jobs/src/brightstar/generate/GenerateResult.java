package brightstar.generate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generator run wrote.
 *
 * @param customers true customers generated
 * @param prospects prospect companies in prospects/companies
 * @param rowsByEntity data lines written per {@code source/entity} (malformed and duplicated
 *     lines included, headers excluded), sorted by key
 * @param malformedRows lines planted malformed on purpose (the rows of _truth/malformed.csv)
 * @param files landing data files written (the _truth files are not counted)
 */
public record GenerateResult(int customers, int prospects, Map<String, Long> rowsByEntity,
    long malformedRows, long files) {
  public GenerateResult {
    rowsByEntity = Collections.unmodifiableMap(new TreeMap<>(rowsByEntity));
  }

  /** Data lines written over all entities. */
  public long totalRows() {
    long total = 0;
    for (long rows : rowsByEntity.values()) {
      total += rows;
    }
    return total;
  }
}
