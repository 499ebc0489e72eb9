/**
 * Lazy placeholders: the comments models write instead of code ("// ... existing code ...").
 * A file written with one destroys whatever it stood for (the most common complaint about AI app builders), so a write or a
 * REPLACE part that contains one is never applied.
 */

export interface Placeholder {
  /** 1-based line within the written content (or within the REPLACE part). */
  line: number;
  /** The offending line, trimmed. */
  text: string;
}

// A comment opener at the start of a line: //, /*, {/*, #, --, <!--
const COMMENT = String.raw`(?:\/\/+|\/\*+|\{\s*\/\*+|#|--|<!--)`;

/** A comment that starts with an ellipsis: // ..., /* ... rest, {/* ... rest of the component, <!-- … */
const ELLIPSIS_COMMENT = new RegExp(String.raw`^\s*${COMMENT}\s*(?:\.{2,}|…)`);

/** A comment whose words say "the code you would expect here is elsewhere". */
const LAZY_WORDS = new RegExp(
  String.raw`^\s*${COMMENT}.*?\b(?:` +
    [
      String.raw`(?:rest|remainder) of (?:the )?(?:code|file|component|function|implementation|page|styles|imports|class|methods?|routes?|handlers?|logic|markup|jsx|form|table|content|app)`,
      String.raw`(?:keep|keeping|preserve|include) (?:the )?(?:existing|other|previous|remaining|original)\b`,
      String.raw`existing (?:code|implementation|logic|imports|routes|functions|components|methods|handlers|styles|content|markup|jsx|fields)\b`,
      String.raw`(?:code|implementation|logic|everything else|the rest|other (?:code|methods|routes|functions|fields)) (?:remains?|stays?|is|are) (?:the same|unchanged|as (?:before|is))`,
      String.raw`(?:rest|remainder|everything else)\b.{0,30}\b(?:unchanged|the same|as (?:before|is))`,
      String.raw`(?:previous|original|other|more) (?:code|methods|routes|functions|fields|components) (?:here|omitted|unchanged|as before)`,
      String.raw`(?:code|implementation) (?:omitted|goes here)`,
    ].join("|") +
    ")",
  "i",
);

/** A comment that says nothing but "unchanged" / "same as before". */
const ONLY_UNCHANGED = new RegExp(
  String.raw`^\s*${COMMENT}\s*(?:unchanged|same as (?:before|above|original|previous)|no changes?)\.?\s*(?:\*+\/\s*\}?|-->)?\s*$`,
  "i",
);

/** A line that is nothing but an ellipsis. */
const BARE_ELLIPSIS = /^\s*(?:\.{3}|…)\s*$/;

/** Prose files may legitimately hold a bare "..." line. */
const PROSE_FILE = /\.(?:md|mdx|txt)$/i;

/**
 * The lazy placeholders in `content`. `original` (the file as it is now, when known) exempts
 * placeholder-looking lines that the file already had: those are the app's own comments.
 */
export function findPlaceholders(content: string, path = "", original?: string): Placeholder[] {
  const existing = original ? new Set(original.split("\n").map((l) => l.trim())) : undefined;
  const found: Placeholder[] = [];
  const lines = content.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lazy =
      ELLIPSIS_COMMENT.test(line) ||
      LAZY_WORDS.test(line) ||
      ONLY_UNCHANGED.test(line) ||
      (!PROSE_FILE.test(path) && BARE_ELLIPSIS.test(line));
    if (!lazy) continue;
    const text = line.trim();
    if (existing?.has(text)) continue;
    found.push({ line: i + 1, text });
  }
  return found;
}
