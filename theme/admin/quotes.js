// The quote check of `explainer check`, in the browser: the same normalisation, the same search and
// the same closest-passage rule as scripts/explainer/check/quotes.py. tests/test_quotes_js.py runs
// both on a shared table of cases (tests/quote_cases.json) and on generated text.

const FOLD = new Map([
  ["\u2018", "'"], ["\u2019", "'"], ["\u201a", "'"], ["\u201b", "'"], ["\u2032", "'"],
  ["\u201c", '"'], ["\u201d", '"'], ["\u201e", '"'], ["\u201f", '"'], ["\u2033", '"'],
  ["\u2010", "-"], ["\u2011", "-"], ["\u2012", "-"], ["\u2013", "-"], ["\u2014", "-"], ["\u2015", "-"], ["\u2212", "-"],
]);
const FOLD_RE = new RegExp(`[${[...FOLD.keys()].join("")}]`, "g");
// Python's white space (str.isspace, and \s in its regular expressions), which JavaScript's \s differs from.
const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${SPACE}]+`, "g");
const WORD = new RegExp(`[^${SPACE}]+`, "g");
// The white space runs normalisation changes: a leading run, two or more characters, and any single one that
// is not a plain space (or a newline, which paragraphs keep).
const CHANGED = new RegExp(`^[${SPACE}]+|[${SPACE}]{2,}|[\\t\\v\\f\\r\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]`, "g");

export function fold(text) {
  return text.replace(FOLD_RE, (char) => FOLD.get(char));
}

/** Python's normalise_quote: folded, white space runs as one space, none at either end. */
export function normaliseQuote(quote) {
  return fold(quote).split(SPACES).filter((part) => part !== "").join(" ");
}

/** Python's normalise(text).text: white space runs as one space (none at the start), and a run holding
 *  newlines as just those newlines, so paragraphs stay apart. */
export function normalise(text) {
  const folded = fold(text);
  let out = "";
  let copiedFrom = 0;
  for (const run of folded.matchAll(CHANGED)) {
    out += folded.slice(copiedFrom, run.index);
    const newlines = run[0].split("").filter((char) => char === "\n").join("");
    if (newlines) out += newlines;
    else if (out.length) out += " ";
    copiedFrom = run.index + run[0].length;
  }
  return out + folded.slice(copiedFrom);
}

function count(text, wanted) {
  let found = 0;
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + wanted.length)) found += 1;
  return found;
}

/** What `check` says of a quote in an article: found (how often), across two paragraphs, or not found. */
export function checkQuote(articleText, quote) {
  const wanted = normaliseQuote(quote);
  if (!wanted) return { status: "empty" };
  const text = normalise(articleText);
  const occurrences = count(text, wanted);
  if (occurrences) return { status: "found", occurrences };
  if (text.replace(/\n+/g, " ").includes(wanted)) return { status: "spans-paragraphs" };
  const [passage, score] = closestPassage(articleText, quote);
  return { status: "not-found", passage, score };
}

/** Python's word casing and characters for comparison: case folded, letters and digits only. */
export function bare(word) {
  const folded = fold(word).toUpperCase().toLowerCase();  // close to str.casefold (ß -> ss)
  return Array.from(folded).filter((char) => /[\p{L}\p{N}]/u.test(char)).join("");
}

/** The run of the article's words most like the quote, and how alike (0..1): closest_passage. */
export function closestPassage(original, quote) {
  const wanted = normaliseQuote(quote).split(" ").map(bare);
  const matcher = new Matcher(wanted);
  let best = "";
  let bestScore = 0;
  for (const paragraph of original.split("\n")) {
    const words = [...paragraph.matchAll(WORD)].map((m) => [m.index, m.index + m[0].length, bare(m[0])]);
    for (const size of [wanted.length, wanted.length + 1]) {
      for (let first = 0; first < Math.max(1, words.length - size + 1); first += 1) {
        const window = words.slice(first, first + size);
        if (!window.length) continue;
        const score = matcher.ratio(window.map((w) => w[2]));
        if (score > bestScore) {
          best = paragraph.slice(window[0][0], window[window.length - 1][1]);
          bestScore = score;
        }
      }
    }
  }
  return [best, bestScore];
}

/** difflib.SequenceMatcher(autojunk=False).ratio() of word lists, with `b` fixed (seq2). */
class Matcher {
  constructor(b) {
    this.b = b;
    this.b2j = new Map();
    b.forEach((word, j) => (this.b2j.get(word) || this.b2j.set(word, []).get(word)).push(j));
  }

  ratio(a) {
    const total = a.length + this.b.length;
    return total ? (2 * this.matches(a)) / total : 1;
  }

  matches(a) {
    const queue = [[0, a.length, 0, this.b.length]];
    let matched = 0;
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = this.longest(a, alo, ahi, blo, bhi);
      if (!k) continue;
      matched += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    return matched;
  }

  longest(a, alo, ahi, blo, bhi) {
    let [bestI, bestJ, bestSize] = [alo, blo, 0];
    let lengths = new Map();
    for (let i = alo; i < ahi; i += 1) {
      const next = new Map();
      for (const j of this.b2j.get(a[i]) || []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (lengths.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestSize) [bestI, bestJ, bestSize] = [i - k + 1, j - k + 1, k];
      }
      lengths = next;
    }
    return [bestI, bestJ, bestSize];
  }
}
