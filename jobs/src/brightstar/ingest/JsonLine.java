package brightstar.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one JSON-lines record into its values as text, exactly as written: {@code 12.50} stays
 * "12.50", so the contract's types decide what is valid for JSON and CSV alike. A nested object
 * or array is kept as its JSON text; {@code null} is a missing value.
 */
final class JsonLine {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLine() {}

  /** The values by key, or the problem that prevents reading the line. */
  record Result(Map<String, String> values, Problem problem) {}

  static Result parse(String line) {
    Map<String, String> values = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return malformed("not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        String text;
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          text = MAPPER.readTree(p).toString();
        } else if (v == JsonToken.VALUE_NULL) {
          text = null;
        } else if (v == null) {
          return truncated();
        } else {
          text = p.getText();
        }
        if (values.containsKey(key)) {
          return malformed("key '" + key + "' appears twice");
        }
        values.put(key, text);
      }
      if (t != JsonToken.END_OBJECT) {
        return t == null ? truncated() : malformed("not a JSON object");
      }
      if (p.nextToken() != null) {
        return malformed("text after the JSON object");
      }
      return new Result(values, null);
    } catch (JsonEOFException e) {
      return truncated();
    } catch (JsonParseException e) {
      return malformed("not valid JSON: " + e.getOriginalMessage().split("\\R", 2)[0]);
    } catch (IOException e) {
      return malformed("not valid JSON: " + e.getMessage().split("\\R", 2)[0]);
    }
  }

  private static Result truncated() {
    return new Result(null, new Problem(Problem.TRUNCATED_LINE,
        "line ends before the JSON object closes (truncated line?)"));
  }

  private static Result malformed(String why) {
    return new Result(null, new Problem(Problem.MALFORMED_LINE, why));
  }
}
