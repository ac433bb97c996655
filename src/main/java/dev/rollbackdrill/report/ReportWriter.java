package dev.rollbackdrill.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Lays a {@link ReportModel} out as three files in a reports folder: {@code index.html} (one
 * self-contained page with inline CSS and SVG charts, nothing fetched, no script), {@code
 * summary.md} (a Markdown summary for a chat message or a pull request) and {@code model.json} (the
 * model itself, via Jackson). HTML and Markdown come from FreeMarker templates on the class path
 * next to this class; both auto-escape every interpolated value, so scenario names, reasons and
 * people's names cannot inject markup. Each file is written to a temporary name and moved into
 * place, so a reader never sees half a report.
 */
public final class ReportWriter {

  static final String HTML = "index.html";
  static final String MARKDOWN = "summary.md";
  static final String JSON = "model.json";

  private static final Configuration FREEMARKER = freemarker();

  private ReportWriter() {}

  /** The files written. */
  public record Written(Path html, Path markdown, Path json) {}

  /**
   * Renders the model into {@code reportsDir}, creating it if needed. The JSON file is laid out on
   * a second thread while the page and the summary are rendered on this one: on a fresh JVM each
   * side is mostly its library's start-up, and the two do not depend on each other.
   */
  public static Written write(ReportModel model, Path reportsDir) throws IOException {
    Objects.requireNonNull(model, "model");
    Files.createDirectories(reportsDir);
    FutureTask<String> json = new FutureTask<>(() -> json(model));
    Thread jsonThread = new Thread(json, "report-json");
    jsonThread.setDaemon(true);
    jsonThread.start();
    Path html = replace(reportsDir.resolve(HTML), html(model));
    Path md = replace(reportsDir.resolve(MARKDOWN), markdown(model));
    String jsonText;
    try {
      jsonText = json.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing " + JSON);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException("cannot write " + JSON, e.getCause());
    }
    Path jsonFile = replace(reportsDir.resolve(JSON), jsonText);
    return new Written(html, md, jsonFile);
  }

  static String html(ReportModel model) {
    return render("index.html.ftl", model);
  }

  static String markdown(ReportModel model) {
    return render("summary.md.ftl", model);
  }

  static String json(ReportModel model) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(model)
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String render(String templateName, ReportModel model) {
    try {
      Template template = FREEMARKER.getTemplate(templateName);
      StringWriter out = new StringWriter(64 * 1024);
      template.process(Map.of("report", model), out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load report template " + templateName, e);
    } catch (TemplateException e) {
      // The templates ship with this class; a failure is a bug here, not bad input.
      throw new IllegalStateException(
          "report template " + templateName + " failed: " + e.getMessage(), e);
    }
  }

  private static Path replace(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static Configuration freemarker() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(ReportWriter.class, "/dev/rollbackdrill/report");
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    // Numbers in templates are SVG coordinates: never "1,234.5".
    cfg.setNumberFormat("computer");
    cfg.setBooleanFormat("c");
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setRegisteredCustomOutputFormats(List.of(MarkdownOutputFormat.INSTANCE));
    return cfg;
  }
}
