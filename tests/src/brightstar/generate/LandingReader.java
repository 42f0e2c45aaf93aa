package brightstar.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a generated landing zone back for assertions: CSV lines with RFC 4180 quoting, flat
 * JSON objects, the truth files. Independent of the generator's own writers on purpose.
 */
final class LandingReader {
  private LandingReader() {}

  /** Every landing data file under the four silos and prospects, sorted, relative to root. */
  static List<Path> dataFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(p -> !p.startsWith(Truth.FOLDER))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under root (truth included), sorted, relative to root. */
  static List<Path> allFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entity a relative data-file path belongs to (source/entity/day/file). */
  static Entity entityOf(Path relative) {
    String folder = relative.getName(0) + "/" + relative.getName(1);
    for (Entity e : Entity.values()) {
      if (e.folder().equals(folder)) {
        return e;
      }
    }
    throw new AssertionError("No entity for folder " + folder);
  }

  /** Fields of one CSV line; a quoted field may hold commas and doubled quotes. */
  static List<String> csv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          sb.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          sb.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(sb.toString());
        sb.setLength(0);
      } else {
        sb.append(c);
      }
    }
    fields.add(sb.toString());
    return fields;
  }

  /**
   * A flat JSON object of strings, integers and nulls (null -> ""), or null when the line is
   * not such an object (e.g. a truncated line).
   */
  static Map<String, String> json(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {0};
    try {
      expect(line, pos, '{');
      if (peek(line, pos) == '}') {
        pos[0]++;
      } else {
        while (true) {
          String key = string(line, pos);
          expect(line, pos, ':');
          out.put(key, value(line, pos));
          char c = line.charAt(pos[0]++);
          if (c == '}') {
            break;
          }
          if (c != ',') {
            return null;
          }
        }
      }
      return pos[0] == line.length() ? out : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static char peek(String s, int[] pos) {
    return s.charAt(pos[0]);
  }

  private static void expect(String s, int[] pos, char c) {
    if (s.charAt(pos[0]++) != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private static String value(String s, int[] pos) {
    char c = peek(s, pos);
    if (c == '"') {
      return string(s, pos);
    }
    if (s.startsWith("null", pos[0])) {
      pos[0] += 4;
      return "";
    }
    int start = pos[0];
    while (pos[0] < s.length()
        && (Character.isDigit(s.charAt(pos[0])) || s.charAt(pos[0]) == '-')) {
      pos[0]++;
    }
    if (start == pos[0]) {
      throw new IllegalArgumentException("bad value");
    }
    return s.substring(start, pos[0]);
  }

  private static String string(String s, int[] pos) {
    expect(s, pos, '"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = s.charAt(pos[0]++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        char e = s.charAt(pos[0]++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(pos[0], pos[0] + 4), 16));
            pos[0] += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
  }

  /** A data line as a column -> value map, or null when it cannot be read as a full row. */
  static Map<String, String> row(Entity entity, String line) {
    if (entity.format == Entity.Format.JSON) {
      return json(line);
    }
    List<String> fields = csv(line);
    if (fields.size() != entity.columns.length) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      out.put(entity.columns[i], fields.get(i));
    }
    return out;
  }

  /** A truth CSV as rows of column -> value. */
  static List<Map<String, String>> truth(Path root, String file) {
    List<String> lines = lines(root.resolve(Truth.FOLDER).resolve(file));
    List<String> header = csv(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> fields = csv(line);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), fields.get(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
