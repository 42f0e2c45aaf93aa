package brightstar.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The documented id formula, computed outside Spark: C- and 16 hex digits of SHA-256. */
final class StableIdsTestSupport {
  private StableIdsTestSupport() {}

  static String idOf(String node) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(
          node.getBytes(StandardCharsets.UTF_8));
      return "C-" + HexFormat.of().formatHex(h).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
