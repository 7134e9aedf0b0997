// The browser editor (Decap CMS) with our own parts: one YAML format per record type that writes the
// repository's canonical form (canonical.js), and the citation widget, which checks the quote against the
// chosen article as the editor types (quotes.js: the same rule as `explainer check`).
import { parse } from "./yaml/index.js";
import { fromParsed, toFile } from "./canonical.js";
import { checkQuote } from "./quotes.js";

const PREFIX = "explainer-";
const load = (name) => fetch(name, { cache: "no-cache" }).then((answer) => answer.json());
const [config, sources] = await Promise.all(["config.json", "articles.json"].map(load));
// The texts come in files of a few MB each (a large explainer's would not fit in one), all at once.
sources.articles = (await Promise.all(sources.files.map(load))).flat();
const ARTICLES = new Map(sources.articles.map((article) => [article.id, article]));
const CMS = window.CMS;
const h = window.h;

for (const collection of config.collections) {
  const kind = collection.format.slice(PREFIX.length);
  const fields = collection.fields || collection.files[0].fields;
  const depth = collection.folder ? collection.folder.split("/").length : 1;
  CMS.registerCustomFormat(collection.format, "yaml", {
    fromFile: (text) => fromParsed(parse(text, { schema: "failsafe" }) || {}, fields),
    toFile: (data) => toFile(data, fields, kind, depth),
  });
}

/** What the check says of a citation, in words for the editor; `ok` is whether it may be saved. */
export function verdict(articleId, quote) {
  const article = ARTICLES.get(articleId);
  if (!article) return { status: "empty", ok: false, text: "Choose the article the words come from." };
  if (!quote.trim()) return { status: "empty", ok: false, text: "Copy the article's exact words here." };
  if (quote.length > sources.max_quote_chars) {
    return { status: "too-long", ok: false, text: `The quote is ${quote.length} characters; the limit is ${sources.max_quote_chars}.` };
  }
  const result = checkQuote(article.text, quote);
  if (result.status === "found" && result.occurrences === 1) {
    return { status: "found", ok: true, text: `Found in “${article.label}”.` };
  }
  if (result.status === "found") {
    return { status: "ambiguous", ok: false,
      text: `Found ${result.occurrences} times in “${article.label}”: quote a few more words so it is unique.` };
  }
  if (result.status === "spans-paragraphs") {
    return { status: "spans-paragraphs", ok: false, text: "These words run across two paragraphs: cite each paragraph separately." };
  }
  const closest = result.passage && result.score >= 0.3 ? result.passage : "";
  return { status: "not-found", ok: false, closest,
    text: `Not in “${article.label}”. Copy the words exactly; only spaces, quote marks and dashes may differ.` };
}

// The sources of a statement: a list of (article, quote) the widget edits itself, because each quote is checked
// against the article picked beside it. Values are Immutable collections, made from the entry's own class.
const Citations = window.createClass({
  items() {
    const value = this.props.value;
    return value && value.size !== undefined ? value : this.props.entry.toList().clear();
  },
  blank() {
    return this.props.entry.clear().set("article", "").set("quote", "");
  },
  change(index, name, text) {
    const items = this.items();
    this.props.onChange(items.set(index, (items.get(index) || this.blank()).set(name, text)));
  },
  add() {
    this.props.onChange(this.items().push(this.blank()));
  },
  remove(index) {
    this.props.onChange(this.items().delete(index));
  },
  isValid() {
    const items = this.items();
    const least = this.props.field.get("min") || 0;
    if (items.size < least) return { error: { message: `Add at least ${least} source.` } };
    const broken = items.map((item) => verdict(item.get("article") || "", item.get("quote") || "")).find((v) => !v.ok);
    return broken ? { error: { message: broken.text } } : true;
  },
  renderItem(item, index) {
    const id = `${this.props.forID}-${index}`;
    const article = item.get("article") || "";
    const quote = item.get("quote") || "";
    const found = verdict(article, quote);
    const options = [h("option", { key: "", value: "" }, "Choose the source article")].concat(
      sources.articles.map((a) => h("option", { key: a.id, value: a.id }, `${a.label} (${a.id})`)));
    return h("fieldset", { key: index, className: "explainer-citation" },
      h("legend", null, `Source ${index + 1}`),
      h("label", { htmlFor: `${id}-article` }, "Article"),
      h("select", { id: `${id}-article`, value: article, onChange: (e) => this.change(index, "article", e.target.value) },
        options),
      h("label", { htmlFor: `${id}-quote` }, "Quote: the article's exact words"),
      h("textarea", { id: `${id}-quote`, value: quote, rows: 3, onChange: (e) => this.change(index, "quote", e.target.value) }),
      h("p", { className: "explainer-quote-check", role: "status", "data-status": found.status }, found.text,
        found.closest ? h("span", { className: "explainer-closest" }, `Closest passage: “${found.closest}”`) : null),
      h("button", { type: "button", className: "explainer-remove", onClick: () => this.remove(index) },
        `Remove source ${index + 1}`));
  },
  render() {
    return h("div", { className: `${this.props.classNameWrapper} explainer-citations`, id: this.props.forID },
      this.items().toArray().map((item, index) => this.renderItem(item, index)),
      h("button", { type: "button", className: "explainer-add", onClick: () => this.add() }, "Add a source"));
  },
});

CMS.registerWidget("citations", Citations);
CMS.init({ config });
