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
  return new Passages(original).closest(quote);
}

/** Python's Passages: an article's words, indexed once, for the passage closest to each misquote.
 *  Windows have the quote's number of words or one more and never cross a paragraph; occurrences of
 *  the quote's words vote for where the quote would start, and only the best-voted starts are scored,
 *  so the browser picks the same passage as `explainer check` (ties included). */
export class Passages {
  static VOTES = 2000; // occurrences of the quote's words looked at
  static SEGMENTS = 16;
  static CANDIDATES = 4; // best-voted starts scored

  constructor(original) {
    this.original = original;
    this.starts = []; // where each word is in the text (UTF-16 offsets, as JavaScript slices)
    this.ends = [];
    this.bare = []; // each word without case or punctuation
    this.paragraphOf = []; // each word's paragraph
    this.paragraphStarts = []; // each paragraph's first word, then the number of words
    this.where = new Map(); // bare word -> its occurrences (word numbers), in reading order
    const cache = new Map(); // an article repeats a few thousand words many times
    let offset = 0;
    for (const paragraph of original.split("\n")) {
      this.paragraphStarts.push(this.bare.length);
      for (const match of paragraph.matchAll(WORD)) {
        let word = cache.get(match[0]);
        if (word === undefined) cache.set(match[0], (word = bare(match[0])));
        (this.where.get(word) || this.where.set(word, []).get(word)).push(this.bare.length);
        this.starts.push(offset + match.index);
        this.ends.push(offset + match.index + match[0].length);
        this.bare.push(word);
        this.paragraphOf.push(this.paragraphStarts.length - 1);
      }
      offset += paragraph.length + 1;
    }
    this.paragraphStarts.push(this.bare.length);
  }

  closest(quote) {
    const wanted = normaliseQuote(quote).split(" ").map(bare);
    const matcher = new Matcher(wanted);
    let best = [0, 0];
    let bestScore = 0;
    for (const [first, size] of this.windows(wanted)) {
      const words = this.bare.slice(first, first + size);
      // The quick bounds only skip windows that cannot beat the best; the first strictly better wins.
      if (matcher.realQuickRatio(words) <= bestScore || matcher.quickRatio(words) <= bestScore) continue;
      const score = matcher.ratio(words);
      if (score > bestScore) [best, bestScore] = [[first, first + size - 1], score];
    }
    if (!bestScore) return ["", 0];
    return [this.original.slice(this.starts[best[0]], this.ends[best[1]]), bestScore];
  }

  /** _windows: [first word, number of words] of each window worth scoring, in reading order. */
  windows(wanted) {
    // Counter of (paragraph, start) in the order votes arrive: a Map keeps first-insertion order.
    const votes = new Map();
    for (const [occurrence, index] of this.occurrences(wanted)) {
      const key = `${this.paragraphOf[occurrence]},${occurrence - index}`;
      votes.set(key, (votes.get(key) || 0) + 1);
    }
    // Counter.most_common: most votes first, ties in first-insertion order (the sort is stable).
    const candidates = [...votes].sort((x, y) => y[1] - x[1]).slice(0, Passages.CANDIDATES);
    const windows = new Map(); // a set of windows, as Python's set of tuples
    for (const [key] of candidates) {
      const [paragraph, start] = key.split(",").map(Number);
      for (const size of [wanted.length, wanted.length + 1]) {
        const window = this.clip(paragraph, start, size);
        windows.set(window.join(","), window);
      }
    }
    return [...windows.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }

  /** _occurrences: [where in the article, where in the quote] for occurrences of the quote's words until
   *  VOTES have been given. The quote is cut into SEGMENTS, and each round takes the rarest word not yet
   *  taken from every segment, so the right place gets votes from all along the quote. */
  *occurrences(wanted) {
    const present = [];
    wanted.forEach((word, index) => {
      if (this.where.has(word)) present.push([this.where.get(word).length, index, word]);
    });
    const size = Math.ceil(present.length / Passages.SEGMENTS) || 1;
    const segments = [];
    // sorted((count, index, word)): rarest first, then earliest in the quote (indexes are unique).
    for (let k = 0; k < present.length; k += size) {
      segments.push(present.slice(k, k + size).sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    }
    let budget = Passages.VOTES;
    for (let rank = 0; rank < size; rank += 1) {
      for (const segment of segments) {
        if (rank >= segment.length) continue;
        const [count, index, word] = segment[rank];
        for (const occurrence of this.where.get(word).slice(0, budget)) yield [occurrence, index];
        budget -= count;
        if (budget <= 0) return;
      }
    }
  }

  /** _clip: the window of `size` words from `first`, moved inside the paragraph (all of it when the
   *  paragraph is shorter). */
  clip(paragraph, first, size) {
    const [start, end] = [this.paragraphStarts[paragraph], this.paragraphStarts[paragraph + 1]];
    first = Math.max(start, Math.min(first, end - size));
    return [first, Math.min(size, end - first)];
  }
}

/** difflib.SequenceMatcher(autojunk=False) ratios of word lists, with `b` fixed (seq2). */
class Matcher {
  constructor(b) {
    this.b = b;
    this.b2j = new Map();
    b.forEach((word, j) => (this.b2j.get(word) || this.b2j.set(word, []).get(word)).push(j));
    this.fullBCount = new Map();
    for (const word of b) this.fullBCount.set(word, (this.fullBCount.get(word) || 0) + 1);
  }

  ratio(a) {
    return this.score(this.matches(a), a);
  }

  /** An upper bound on ratio(a): the words a and b share, whatever their order (quick_ratio). */
  quickRatio(a) {
    const avail = new Map(this.fullBCount);
    let matched = 0;
    for (const word of a) {
      const left = avail.get(word) || 0;
      avail.set(word, left - 1);
      if (left > 0) matched += 1;
    }
    return this.score(matched, a);
  }

  /** A cheaper upper bound: every word of the shorter list matched (real_quick_ratio). */
  realQuickRatio(a) {
    return this.score(Math.min(a.length, this.b.length), a);
  }

  /** difflib's _calculate_ratio. */
  score(matched, a) {
    const total = a.length + this.b.length;
    return total ? (2 * matched) / total : 1;
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
