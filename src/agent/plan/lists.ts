/**
 * The items of a list as people write them: "name, phone and email", "title, min and max players,
 * and who borrowed it", "a service (cut, colour or styling), a date and time, price". Commas,
 * "and", "&", "plus", "as well as" separate items at the top level; brackets, "either … or …",
 * "status: a, b or c", "between 1 and 5" and "date and time" hold together; "min and max players"
 * is two items, "min players" and "max players".
 */
import { splitTop, sub, tagIs, trim, words, type Phrase } from "./phrase";

const SEPARATOR =
  /\s*,\s*(?:and\s+|or\s+|plus\s+|as well as\s+|also\s+)?|\s+(?:and|plus|as well as|along with|together with)\s+(?:also\s+)?/;
/** Words that qualify the noun after them and share it: "min and max players", "start and end dates". */
const SHARED_MODIFIER =
  /^(?:min|max|minimum|maximum|start|end|starting|ending|first|last|home|away|front|back|opening|closing|pickup|pick-up|drop-off|dropoff|check-in|check-out|arrival|departure|buy|sell|buying|selling|purchase|sale|cost|retail|wholesale|high|low|morning|evening|daily|weekly|monthly|yearly|top|bottom|left|right|upper|lower|inner|outer|before|after|current|target|planned|actual|expected|estimated|original|new|old|previous|next|primary|secondary|short|long|best|worst|personal|work|home|billing|shipping|mailing|birth|wedding|due|issue|expiry|expiration|release|publication|publish|order|delivery|payment|invoice|visit|contract|trial|renewal|signup|sign-up)$/;
const OPTION_LEAD = /(?::|\b(?:either|one of|can be|could be|such as|like|eg|ie))\s*[^\s].*$/;
const ENUMISH_BEFORE_COLON =
  /\b(?:status|state|stage|priority|category|type|kind|genre|difficulty|frequency|size|condition|level|mood|rsvp|response|meal|options?|choices?|values?)\s*:\s*[^\s].*$/;

export function splitItems(list: Phrase): Phrase[] {
  // "date and time", "between 1 and 5", "either A or B" hold: hide their "and"s from the splitter.
  const held = hold(list);
  const raw = splitTop(held, SEPARATOR).map((p) => sub(list, p.at - list.at, p.at - list.at + p.text.length));
  const items: Phrase[] = [];
  for (let i = 0; i < raw.length; i++) {
    let item = raw[i]!;
    // "status: planned, active or done", "either cut, colour or styling": options run to the item with "or".
    const lead = OPTION_LEAD.exec(item.text.toLowerCase());
    // "type: florist/caterer/band" or "size: S or M" is whole already: the next items are fields of their own.
    const inBrackets = !!lead && item.text.lastIndexOf("(", lead.index) > item.text.lastIndexOf(")", lead.index);
    const whole =
      inBrackets ||
      (!!lead &&
        /^[:\s]*(?:either|one of|can be|could be|such as|like|eg|ie)?[:\s]*[^\s/]+(?:\s*\/\s*[^\s/]+)+\s*$|\bor\b/.test(
          lead[0],
        ));
    if (lead && !whole) {
      let j = i + 1;
      let found = -1;
      while (j < raw.length && j <= i + 8 && raw[j]!.text.split(/\s+/).length <= 3) {
        if (/\bor\b/.test(raw[j]!.text.toLowerCase())) {
          found = j;
          break;
        }
        j++;
      }
      if (found < 0 && ENUMISH_BEFORE_COLON.test(item.text.toLowerCase())) {
        // "status: new, open, closed" (no "or"): the rest of the short items.
        j = i + 1;
        while (
          j < raw.length &&
          raw[j]!.text.split(/\s+/).length <= 2 &&
          !/\b(?:name|date|email|phone|price|notes?)\b/.test(raw[j]!.text.toLowerCase())
        )
          j++;
        found = j - 1;
      }
      if (found > i) {
        item = sub(list, item.at - list.at, raw[found]!.at - list.at + raw[found]!.text.length);
        i = found;
      }
    }
    items.push(item);
  }
  // "how often it needs water, in days": a unit after a comma belongs to the item before it.
  const merged: Phrase[] = [];
  for (const item of items) {
    const prev = merged[merged.length - 1];
    if (prev && /^(?:in|as|measured in|per)\s+[\p{L}%°£$€]+$/u.test(item.text.trim().toLowerCase())) {
      merged[merged.length - 1] = sub(list, prev.at - list.at, item.at - list.at + item.text.length);
      continue;
    }
    merged.push(item);
  }
  return distribute(merged, list);
}

/** Replaces the separators inside held groups with look-alike characters that do not split. */
function hold(p: Phrase): Phrase {
  let text = p.text;
  const mask = (re: RegExp) => {
    text = text.replace(re, (m) =>
      m
        .replace(/,/g, "\u201a")
        .replace(/\band\b/gi, "\u0430nd")
        .replace(/\bplus\b/gi, "pl\u0443s"),
    );
  };
  mask(/\b(?:date|day) and time\b|\btime and date\b/gi);
  mask(/\bbetween\s+\S+\s+and\s+\S+/gi);
  mask(/\beither\b[^;]*?\bor\s+[\w'-]+(?:\s+[\w'-]+)?/gi);
  mask(/\b(?:whether|if)\b[^,;]*?\b(?:or not|or\s+[\w'-]+)/gi);
  mask(/\b(?:whether|if)\s+(?:it's|it is|they're|they are|he's|she's|it was|they were)\s+[\w'-]+\s+and\s+[\w'-]+/gi);
  mask(
    /\b(?:pros and cons|black and white|salt and pepper|terms and conditions|bed and breakfast|q and a|r and d|b and b|rock and roll|arts and crafts|fish and chips|mac and cheese)\b/gi,
  );
  return { ...p, text };
}

/** "min and max players" → "min players", "max players" (each a phrase of the original words). */
function distribute(items: Phrase[], list: Phrase): Phrase[] {
  const out: Phrase[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = items[i + 1];
    const ws = words(item);
    if (next && ws.length === 1 && SHARED_MODIFIER.test(ws[0]!.lower) && joinedByAnd(list, item, next)) {
      const nextWords = words(next);
      if (
        nextWords.length >= 2 &&
        SHARED_MODIFIER.test(nextWords[0]!.lower) &&
        (tagIs.noun(nextWords[nextWords.length - 1]!) || nextWords.length >= 2)
      ) {
        // The shared noun is what follows the next item's modifier: "players" in "max players".
        const shared = trim(sub(next, nextWords[1]!.at - next.at));
        out.push(withSuffix(item, shared));
        continue;
      }
    }
    out.push(item);
  }
  return out;
}

function joinedByAnd(list: Phrase, a: Phrase, b: Phrase): boolean {
  const between = list.text.slice(a.at - list.at + a.text.length, b.at - list.at).toLowerCase();
  return /^\s*(?:and|&|or|\/|-|to)\s*$/.test(between);
}

/** A phrase that reads as `a` followed by `shared` (the text joins both; offsets follow `a`). */
function withSuffix(a: Phrase, shared: Phrase): Phrase {
  // The joined words are not contiguous in the description: tags come from each word's own place.
  const text = `${a.text} ${shared.text}`;
  const base = a.doc;
  const offset = shared.at - (a.at + a.text.length + 1);
  return {
    text,
    at: a.at,
    doc: {
      text: base.text,
      tagsAt: (index: number) => (index >= a.at + a.text.length + 1 ? base.tagsAt(index + offset) : base.tagsAt(index)),
      has: (index: number, tag: string) =>
        index >= a.at + a.text.length + 1 ? base.has(index + offset, tag) : base.has(index, tag),
    },
  };
}
