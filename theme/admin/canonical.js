// The canonical YAML writer of the browser editor: the same bytes as scripts/explainer/read/canonical.py
// (whose docstring states the form), driven by the editor's generated field list instead of the model.
// tests/test_canonical.py runs both writers on every content file and on generated values.

const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`+.0123456789");
const FLOW_SPECIAL = new Set(",[]{}");
const RESERVED = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]);
const ALWAYS_QUOTED = "quote";

export function schemaComment(kind, depth) {
  return `# yaml-language-server: $schema=${"../".repeat(depth)}schemas/${kind}.schema.json\n`;
}

/** What a configured field holds: "map", "maps" (a list of mappings), "list", "boolean" or "text". */
export function shapeOf(field) {
  if (field.widget === "boolean") return { kind: "boolean" };
  if ((field.widget === "list" || field.widget === "citations") && field.fields) return { kind: "maps", fields: field.fields };
  if (field.widget === "list" || field.multiple) return { kind: "list" };
  if (field.fields) return { kind: "map", fields: field.fields };
  return { kind: "text" };
}

export function toFile(data, fields, kind, depth) {
  return schemaComment(kind, depth) + mapping(data, fields, 0).map((line) => line + "\n").join("");
}

/** Values as the widgets want them, from a file parsed with every scalar as text. */
export function fromParsed(data, fields) {
  const out = { ...data };
  for (const field of fields) {
    const value = out[field.name];
    if (value === undefined || value === null) continue;
    const shape = shapeOf(field);
    if (shape.kind === "boolean") out[field.name] = value === true || value === "true";
    else if (shape.kind === "map") out[field.name] = fromParsed(value, shape.fields);
    else if (shape.kind === "maps" && Array.isArray(value)) out[field.name] = value.map((item) => fromParsed(item, shape.fields));
  }
  return out;
}

function isEmpty(value) {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  // An optional group left blank (a question's answer) is left out, not written as an empty key.
  return typeof value === "object" && Object.values(value).every(isEmpty);
}

function mapping(data, fields, indent) {
  const lines = [];
  const known = new Set(fields.map((f) => f.name));
  for (const field of fields) {
    if (!isEmpty(data[field.name])) lines.push(...entry(field.name, data[field.name], shapeOf(field), indent));
  }
  for (const name of Object.keys(data)) {  // never drop what the editor does not know; `check` will name it
    if (!known.has(name) && !isEmpty(data[name])) lines.push(" ".repeat(indent) + name + ": " + scalar(String(data[name])));
  }
  return lines;
}

function entry(name, value, shape, indent) {
  const key = " ".repeat(indent) + name + ":";
  if (shape.kind === "map") return [key, ...mapping(value, shape.fields, indent + 2)];
  if (shape.kind === "maps") {
    const lines = [key];
    for (const item of value) {
      const itemLines = mapping(item, shape.fields, indent + 4);
      if (!itemLines.length) continue;
      lines.push(" ".repeat(indent + 2) + "- " + itemLines[0].slice(indent + 4), ...itemLines.slice(1));
    }
    return lines;
  }
  if (shape.kind === "list") return [key + " [" + value.map((item) => scalar(String(item), true)).join(", ") + "]"];
  if (shape.kind === "boolean") return [key + " " + (value === true || value === "true" ? "true" : "false")];
  return [key + " " + scalar(String(value), false, name === ALWAYS_QUOTED)];
}

export function scalar(text, flow = false, quoted = false) {
  if (!quoted && plainOk(text, flow)) return text;
  const chars = Array.from(text);
  if (chars.every(printable)) return "'" + text.replaceAll("'", "''") + "'";
  return '"' + chars.map(escape).join("") + '"';
}

function plainOk(text, flow) {
  if (!text || text !== pyStrip(text) || INDICATORS.has(text[0]) || RESERVED.has(text.toLowerCase())) return false;
  if (text.includes(": ") || text.includes(" #") || text.endsWith(":")) return false;
  const chars = Array.from(text);
  if (flow && chars.some((c) => FLOW_SPECIAL.has(c))) return false;
  return chars.every(printable);
}

// Python's str.strip(): the white space of str.isspace().
const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
export function pyStrip(text) {
  return text.replace(STRIP, "");
}

function printable(char) {
  const code = char.codePointAt(0);
  return !(code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff
    || (code >= 0xd800 && code <= 0xdfff));
}

function escape(char) {
  if (char === '"' || char === "\\") return "\\" + char;
  if (char === "\n") return "\\n";
  if (char === "\t") return "\\t";
  return printable(char) ? char : "\\u" + char.codePointAt(0).toString(16).padStart(4, "0");
}
