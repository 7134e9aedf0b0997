// Runs the browser editor's own modules in node for tests/test_quotes_js.py and tests/test_canonical.py:
// one JSON request per line on stdin ({"op": ..., "args": [...]}), one JSON answer per line on stdout.
import { createInterface } from "node:readline";
import { parse } from "yaml";

import * as canonical from "../../theme/admin/canonical.js";
import * as quotes from "../../theme/admin/quotes.js";

const OPS = {
  normaliseQuote: quotes.normaliseQuote,
  normalise: quotes.normalise,
  bare: quotes.bare,
  checkQuote: quotes.checkQuote,
  closestPassage: quotes.closestPassage,
  scalar: canonical.scalar,
  toFile: canonical.toFile,
  // A file as the editor opens and saves it: parsed (every scalar text, as the strict loader reads it), typed
  // by the configuration's fields, written back.
  resave: (text, fields, kind, depth) =>
    canonical.toFile(canonical.fromParsed(parse(text, { schema: "failsafe" }), fields), fields, kind, depth),
};

for await (const line of createInterface({ input: process.stdin })) {
  const { op, args } = JSON.parse(line);
  let answer;
  try {
    answer = { ok: OPS[op](...args) };
  } catch (error) {
    answer = { error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
