package dev.rollbackdrill.procedure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The most of a procedure's output a drill record keeps: {@value #MAX_BYTES} bytes of UTF-8, so a
 * runaway command cannot fill the history. Longer output keeps its beginning (what the command
 * set out to do) and, larger, its end (where a failing command says why), with a marker between.
 */
public final class ProcedureOutput {

  /** Most bytes kept: 16 KiB. */
  public static final int MAX_BYTES = 16 * 1024;

  /** Bytes kept from the beginning when output is cut; the rest of the budget goes to the end. */
  static final int HEAD_BYTES = 4 * 1024;

  private ProcedureOutput() {}

  /** The marker put where output was cut. */
  static String marker(long omitted) {
    return "\n[... " + omitted + " bytes omitted ...]\n";
  }

  /** {@code text} if it fits in {@link #MAX_BYTES}, else its head and tail around a marker; null stays null. */
  public static String clip(String text) {
    if (text == null) {
      return null;
    }
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_BYTES) {
      return text;
    }
    return join(Arrays.copyOfRange(b, 0, HEAD_BYTES), b.length, Arrays.copyOfRange(b, b.length - tailBytes(b.length), b.length));
  }

  /** Room for the tail once the head and the marker for {@code total} bytes are kept. */
  static int tailBytes(long total) {
    return MAX_BYTES - HEAD_BYTES - marker(total).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Head, marker and tail of output that was {@code total} bytes long, as text. */
  static String join(byte[] head, long total, byte[] tail) {
    long omitted = total - head.length - tail.length;
    // Cutting may split a multi-byte character; the decoder shows it as a replacement character.
    return new String(head, StandardCharsets.UTF_8)
        + (omitted > 0 ? marker(omitted) : "")
        + new String(tail, StandardCharsets.UTF_8);
  }
}
