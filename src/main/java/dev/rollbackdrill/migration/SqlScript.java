package dev.rollbackdrill.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * A migration file cut into its statements, each with the line it starts on, the way {@code psql}
 * reads it: a semicolon ends a statement except inside a quoted string ({@code 'it''s'}), a
 * quoted identifier ({@code "a;b"}), a dollar-quoted body ({@code $fn$ ... ; ... $fn$}) or a
 * comment (from {@code --} to the end of the line, or a block comment, nested as PostgreSQL nests them).
 * Comments before a statement's first word are not part of it, so its line is the line of that
 * word; comments after it stay in its text.
 */
public final class SqlScript {

  /** One statement, without its semicolon, and the 1-based line of its first word. */
  public record Statement(int line, String sql) {}

  private SqlScript() {}

  public static List<Statement> statements(String text) {
    List<Statement> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int startLine = -1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        if (startLine > 0) {
          current.append(text, i, end);
        }
        i = end;
        continue;
      }
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = blockCommentEnd(text, i);
        line += count(text, i, end);
        if (startLine > 0) {
          current.append(text, i, end);
        }
        i = end;
        continue;
      }
      if (startLine < 0 && !Character.isWhitespace(c) && c != ';') {
        startLine = line;
      }
      if (c == '\'' || c == '"') {
        int end = quotedEnd(text, i, c);
        line += count(text, i, end);
        current.append(text, i, end);
        i = end;
        continue;
      }
      if (c == '$') {
        String tag = dollarTag(text, i);
        if (tag != null) {
          int close = text.indexOf(tag, i + tag.length());
          int end = close < 0 ? n : close + tag.length();
          line += count(text, i, end);
          current.append(text, i, end);
          i = end;
          continue;
        }
      }
      if (c == ';') {
        add(out, startLine, current);
        current.setLength(0);
        startLine = -1;
      } else {
        current.append(c);
        if (c == '\n') {
          line++;
        }
      }
      i++;
    }
    add(out, startLine, current);
    return out;
  }

  private static void add(List<Statement> out, int line, StringBuilder sql) {
    if (line > 0) {
      out.add(new Statement(line, sql.toString().strip()));
    }
  }

  private static int count(String text, int from, int to) {
    int lines = 0;
    for (int k = from; k < to; k++) {
      if (text.charAt(k) == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /** The end of a quoted string or identifier that starts at {@code from}; a doubled quote is part of it. */
  private static int quotedEnd(String text, int from, char quote) {
    int k = from + 1;
    while (k < text.length()) {
      if (text.charAt(k) == quote) {
        if (k + 1 < text.length() && text.charAt(k + 1) == quote) {
          k += 2;
          continue;
        }
        return k + 1;
      }
      k++;
    }
    return text.length();
  }

  private static int blockCommentEnd(String text, int from) {
    int depth = 0;
    int k = from;
    while (k + 1 < text.length()) {
      if (text.charAt(k) == '/' && text.charAt(k + 1) == '*') {
        depth++;
        k += 2;
      } else if (text.charAt(k) == '*' && text.charAt(k + 1) == '/') {
        depth--;
        k += 2;
        if (depth == 0) {
          return k;
        }
      } else {
        k++;
      }
    }
    return text.length();
  }

  /** {@code $$} or {@code $tag$} starting at {@code from}, or null when the dollar is something else ({@code $1}). */
  private static String dollarTag(String text, int from) {
    int k = from + 1;
    while (k < text.length() && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) {
      k++;
    }
    if (k >= text.length() || text.charAt(k) != '$') {
      return null;
    }
    String tag = text.substring(from, k + 1);
    return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
  }

  /** The statement on one line for a message: whitespace collapsed, cut at 120 characters. */
  public static String oneLine(String sql) {
    String s = sql.replaceAll("\\s+", " ").trim();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
