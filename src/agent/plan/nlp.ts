/**
 * English parts of speech for the offline planner, from `compromise` (its tagger: lexicon, suffix
 * rules and context). The planner reads structure (lists, colons, bullets) itself and asks this
 * module what a word is where it stands: a plural noun, a verb in the past tense, an adjective…
 *
 *   const text = tagText("Track my workouts: sets, reps and whether I stretched");
 *   text.has(text.indexOf("stretched"), "PastTense")  // true
 */
import nlp from "compromise/two";

type World = {
  model: { one: { lexicon: Record<string, unknown> } };
  methods: {
    two: {
      transform: {
        verb: {
          conjugate(infinitive: string, model: unknown): Record<string, string | undefined>;
          toInfinitive(verb: string, model: unknown, tense?: string): string;
        };
      };
    };
  };
};
type Term = {
  text: string;
  normal: string;
  implicit?: string;
  tags: Set<string>;
  offset?: { start: number; length: number };
};

const world = nlp.world() as unknown as World;

export interface TaggedText {
  readonly text: string;
  /** The tags of the word that covers `index` (empty when none does). */
  tagsAt(index: number): ReadonlySet<string>;
  has(index: number, tag: string): boolean;
}

const NONE: ReadonlySet<string> = new Set();

/** Tags every word of `text` once, in context; lookups by character offset. */
export function tagText(text: string): TaggedText {
  const byStart = new Map<number, Set<string>>();
  if (text.trim()) {
    const doc = nlp(text);
    doc.compute("offset");
    for (const terms of (doc as unknown as { docs: Term[][] }).docs) {
      for (const term of terms) {
        if (!term.offset) continue;
        // A contraction ("I've") is two terms at one offset: the word keeps both sets of tags.
        const tags = byStart.get(term.offset.start) ?? new Set<string>();
        for (const tag of term.tags) tags.add(tag);
        byStart.set(term.offset.start, tags);
      }
    }
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const tagsAt = (index: number): ReadonlySet<string> => {
    // The last term starting at or before index (binary search).
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return NONE;
    const start = starts[found]!;
    // Only the word that starts there, not one far before it.
    if (/\s/.test(text.slice(start, index))) return NONE;
    return byStart.get(start) ?? NONE;
  };
  return { text, tagsAt, has: (index, tag) => tagsAt(index).has(tag) };
}

const alone = new Map<string, ReadonlySet<string>>();
/** Tags of a word on its own (no context): what the lexicon and suffix rules say. */
export function wordTags(word: string): ReadonlySet<string> {
  const w = word.toLowerCase();
  let tags = alone.get(w);
  if (!tags) {
    if (alone.size > 2000) alone.clear();
    tags = tagText(w).tagsAt(0);
    alone.set(w, tags);
  }
  return tags;
}

/** "own" → { PastTense: "owned", PresentTense: "owns", Gerund: "owning", … }. */
export function conjugate(verb: string): { infinitive: string; past: string; present: string; gerund: string } {
  const v = world.methods.two.transform.verb;
  const tags = wordTags(verb);
  const tense = tags.has("PastTense")
    ? "PastTense"
    : tags.has("Gerund")
      ? "Gerund"
      : tags.has("PresentTense") && !tags.has("Infinitive")
        ? "PresentTense"
        : undefined;
  const infinitive = tense ? v.toInfinitive(verb, world.model, tense) || verb : verb;
  const forms = v.conjugate(infinitive, world.model);
  return {
    infinitive,
    past: forms.PastTense || `${infinitive}ed`,
    present: forms.PresentTense || `${infinitive}s`,
    gerund: forms.Gerund || `${infinitive}ing`,
  };
}

/** Whether the tagger's lexicon has the word (or its singular, or its stem before -s, -ed, -ing). */
export function isKnownWord(word: string): boolean {
  const lexicon = world.model.one.lexicon;
  const w = word.toLowerCase();
  if (w in lexicon) return true;
  for (const stem of [
    w.replace(/s$/, ""),
    w.replace(/es$/, ""),
    w.replace(/ies$/, "y"),
    w.replace(/ed$/, ""),
    w.replace(/ed$/, "e"),
    w.replace(/ing$/, ""),
    w.replace(/ing$/, "e"),
  ]) {
    if (stem !== w && stem.length >= 3 && stem in lexicon) return true;
  }
  return false;
}
