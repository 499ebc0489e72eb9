/**
 * A piece of the description with its place in the whole, so that every word can be asked for
 * its part of speech in context (nlp.ts), plus the small text helpers the reader shares:
 * normalising a description, splitting lists at the top level (not inside parentheses or an
 * "either … or …"), and the words of a phrase.
 */
import { tagText, type TaggedText } from "./nlp";
import { correctSpelling } from "./spelling";

export interface Phrase {
  /** The words, as normalised (see `normalizeText`), in their original case. */
  readonly text: string;
  /** Offset of `text` in the tagged description. */
  readonly at: number;
  readonly doc: TaggedText;
}

export interface Word {
  readonly text: string;
  readonly lower: string;
  readonly at: number;
  readonly tags: ReadonlySet<string>;
}

/** A description made easier to read: one kind of quote and dash, abbreviations without dots. */
export function normalizeText(text: string): string {
  return (
    text
      .normalize("NFKC")
      .replace(/\r\n?/g, "\n")
      .replace(/[‘’´`]/g, "'")
      .replace(/[“”„]/g, '"')
      .replace(/[\t\u00a0]+/g, " ")
      // Dashes between words (not in "check-in" or "1-5") read as one: an em dash.
      .replace(/\s*(?:—|–|--+)\s*/g, " — ")
      .replace(/(\S) - (?=\S)/g, "$1 — ")
      .replace(/\b(e)\.\s?g\.?(?=[\s,:])/gi, "eg")
      .replace(/\b(i)\.\s?e\.?(?=[\s,:])/gi, "ie")
      .replace(/\betc\./gi, "etc")
      .replace(/\bvs\./gi, "vs")
      .replace(/\bno\.(?=\s*of\b)/gi, "number")
      .replace(/\bw\/o\b/gi, "without")
      .replace(/\bw\/(?=\s)/gi, "with")
      .replace(/(\w) ?& ?(?=\w)/g, "$1 and ")
      .replace(/[ ]{2,}/g, " ")
      // Contractions typed without the apostrophe ("theyre", "thats", "dont").
      .replace(/\b(they|you|we)re\b/gi, "$1're")
      .replace(
        /\b(that|there|what|it|who|he|she)s\b(?=\s+(?:a|an|the|not|no|my|our|their|his|her|its|going|been|in|on|at|for|done|paid|due|important|how|why|when|where|what)\b)/gi,
        "$1's",
      )
      .replace(/\b(do|does|did|is|are|was|were|can|could|would|should|has|have|had|wo)nt\b/gi, "$1n't")
      .replace(/\b(i|you|we|they)ve\b/gi, "$1've")
  );
}

/** The description, normalised and tagged: the root phrase every other one is cut from. */
export function rootPhrase(text: string): Phrase {
  const normal = correctSpelling(normalizeText(text));
  return { text: normal, at: 0, doc: tagText(normal) };
}

/** A phrase of its own (no surrounding text), e.g. one chat message. */
export function standalonePhrase(text: string): Phrase {
  return rootPhrase(text);
}

export function sub(p: Phrase, start: number, end = p.text.length): Phrase {
  return { text: p.text.slice(start, end), at: p.at + start, doc: p.doc };
}

/** The phrase without surrounding spaces and punctuation that separates (not closing brackets or "?"). */
export function trim(p: Phrase): Phrase {
  const m = /^[\s,;:.!—-]*/.exec(p.text)!;
  const n = /[\s,;:.!—-]*$/.exec(p.text.slice(m[0].length))!;
  return sub(p, m[0].length, p.text.length - n[0].length);
}

export function words(p: Phrase): Word[] {
  const out: Word[] = [];
  for (const m of p.text.matchAll(
    /[\p{L}\p{N}]+(?:['][\p{L}]+)*(?:[-.][\p{L}\p{N}]+)*(?:(?<=s)'(?![\p{L}]))?|[$€£¥₹%#]/gu,
  )) {
    const at = p.at + m.index;
    out.push({ text: m[0], lower: m[0].toLowerCase(), at, tags: p.doc.tagsAt(at) });
  }
  return out;
}

/**
 * Splits a phrase at the separators that match `sep` when they are at the top level: not inside
 * brackets or quotes. Separators themselves are dropped; empty parts are left out.
 */
export function splitTop(p: Phrase, sep: RegExp): Phrase[] {
  const out: Phrase[] = [];
  const re = new RegExp(sep.source, sep.flags.includes("g") ? sep.flags : `${sep.flags}g`);
  const depthAt = depthMap(p.text);
  let last = 0;
  for (const m of p.text.matchAll(re)) {
    if (depthAt[m.index] !== 0) continue;
    out.push(sub(p, last, m.index));
    last = m.index + m[0].length;
  }
  out.push(sub(p, last));
  return out.map(trim).filter((x) => /[\p{L}\p{N}]/u.test(x.text));
}

/** Bracket depth at each character (quotes count as a level). */
function depthMap(text: string): number[] {
  const depth: number[] = [];
  let d = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(" || c === "[" || c === "{") d++;
    else if (c === '"') {
      quote = !quote;
      if (quote) d++;
    }
    depth.push(d);
    if (c === ")" || c === "]" || c === "}" || (c === '"' && !quote)) d = Math.max(0, d - 1);
  }
  return depth;
}

const isNounTag = (t: ReadonlySet<string>) => t.has("Noun") && !t.has("Pronoun");
export const tagIs = {
  noun: (w: Word) => isNounTag(w.tags) || (w.tags.has("Abbreviation") && !w.tags.has("Honorific")),
  verb: (w: Word) => w.tags.has("Verb") && !w.tags.has("Auxiliary") && !w.tags.has("Copula") && !w.tags.has("Modal"),
  adjective: (w: Word) => w.tags.has("Adjective"),
  determiner: (w: Word) => w.tags.has("Determiner") || w.tags.has("Possessive"),
  pronoun: (w: Word) => w.tags.has("Pronoun"),
  preposition: (w: Word) => w.tags.has("Preposition"),
  gerund: (w: Word) => w.tags.has("Gerund"),
};
