package dev.abilock.review;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.check.Witness;
import dev.abilock.core.model.Bits;
import dev.abilock.core.review.Change;
import dev.abilock.core.review.Change.Category;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON and SARIF 2.1.0 renderings of a {@link Report}, built as trees and printed by Gson. */
final class JsonReports {
  /** The SARIF version and the schema GitHub code scanning validates uploads against. */
  static final String SARIF_VERSION = "2.1.0";

  static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String TOOL = "abilock";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private JsonReports() {}

  /**
   * {@code old}, {@code new}, {@code breaking}, {@code summary}, {@code notes} and every change.
   */
  static String json(Report report) {
    JsonObject root = new JsonObject();
    root.addProperty("old", report.oldLabel());
    root.addProperty("new", report.newLabel());
    root.addProperty("breaking", report.hasBreak());
    JsonObject summary = new JsonObject();
    for (Category category : Category.values()) {
      summary.addProperty(category.id(), report.count(category));
    }
    root.add("summary", summary);
    JsonArray notes = new JsonArray();
    report.notes().forEach(notes::add);
    root.add("notes", notes);
    JsonArray changes = new JsonArray();
    for (Change c : report.changes()) {
      JsonObject change = new JsonObject();
      change.addProperty("category", c.category().id());
      change.addProperty("rule", c.rule().id());
      change.addProperty("continuable", c.continuable());
      change.addProperty("headline", c.headline());
      change.add("old", string(c.before()));
      change.add("new", string(c.after()));
      change.add("oldLine", line(c.oldLine()));
      change.add("newLine", line(c.newLine()));
      change.add("witness", c.witness().map(JsonReports::witness).orElse(JsonNull.INSTANCE));
      change.add("consequence", string(c.consequence()));
      changes.add(change);
    }
    root.add("changes", changes);
    return GSON.toJson(root) + "\n";
  }

  private static JsonElement witness(Witness w) {
    JsonObject o = new JsonObject();
    o.addProperty("word", Bits.hex(w.word(), w.width()));
    o.addProperty("compat", w.compat());
    o.addProperty("published", w.published().describe());
    o.addProperty("now", w.now().describe());
    o.addProperty("text", w.describe());
    return o;
  }

  /**
   * SARIF 2.1.0 as GitHub code scanning ingests it: one run, abilock's rule ids as the driver's
   * rules, one result per change at its line of the new manifest ({@link Report.Artifact#lineOf}).
   * Breaking changes are errors; every other change is a note.
   */
  static String sarif(Report report) {
    Map<CatalogueEntry, Integer> ruleIndex = new LinkedHashMap<>();
    JsonArray rules = new JsonArray();
    JsonArray results = new JsonArray();
    for (Change c : report.changes()) {
      Integer index = ruleIndex.get(c.rule());
      if (index == null) {
        index = rules.size();
        ruleIndex.put(c.rule(), index);
        rules.add(rule(c));
      }
      JsonObject result = new JsonObject();
      result.addProperty("ruleId", c.rule().id());
      result.addProperty("ruleIndex", index);
      result.addProperty("level", level(c.category()));
      result.add("message", text(Report.details(c)));
      JsonObject physical =
          object(
              "artifactLocation",
              object("uri", new JsonPrimitive(report.artifact().uri())),
              "region",
              object("startLine", new JsonPrimitive(report.artifact().lineOf(c))));
      result.add("locations", array(object("physicalLocation", physical)));
      JsonObject properties = new JsonObject();
      properties.addProperty("category", c.category().id());
      properties.addProperty("continuable", c.continuable());
      c.witness().ifPresent(w -> properties.addProperty("witness", Bits.hex(w.word(), w.width())));
      result.add("properties", properties);
      results.add(result);
    }
    JsonObject driver = object("name", new JsonPrimitive(TOOL), "rules", rules);
    JsonObject root = new JsonObject();
    root.addProperty("version", SARIF_VERSION);
    root.addProperty("$schema", SARIF_SCHEMA);
    root.add("runs", array(object("tool", object("driver", driver), "results", results)));
    return GSON.toJson(root) + "\n";
  }

  private static JsonObject rule(Change c) {
    JsonObject rule = new JsonObject();
    rule.addProperty("id", c.rule().id());
    rule.addProperty("name", c.rule().id());
    rule.add("shortDescription", text(c.rule().pattern()));
    rule.add("defaultConfiguration", object("level", new JsonPrimitive(level(c.category()))));
    return rule;
  }

  /** SARIF's level: {@code error} for a breaking change, {@code note} for any other. */
  static String level(Category category) {
    return category == Category.BREAKING ? "error" : "note";
  }

  private static JsonObject text(String text) {
    return object("text", new JsonPrimitive(text));
  }

  /** An object of the given keys and values, in that order. */
  private static JsonObject object(Object... keysAndValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      o.add((String) keysAndValues[i], (JsonElement) keysAndValues[i + 1]);
    }
    return o;
  }

  private static JsonArray array(JsonElement element) {
    JsonArray a = new JsonArray();
    a.add(element);
    return a;
  }

  private static JsonElement string(String s) {
    return s == null ? JsonNull.INSTANCE : new JsonPrimitive(s);
  }

  private static JsonElement line(int line) {
    return line > 0 ? new JsonPrimitive(line) : JsonNull.INSTANCE;
  }
}
