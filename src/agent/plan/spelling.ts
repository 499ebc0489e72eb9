import { isKnownWord } from "./nlp";

/**
 * Typos in the words the planner relies on: "trak my runs", "adress", "amout", "invoise",
 * "perscription". A word of six letters or more that the planner does not know and that is one
 * edit (a letter missing, extra, changed to a neighbouring key, or two swapped) from exactly one word
 * it does know is read as that word; a few common short misspellings are listed. Words it knows,
 * other short words, names and numbers are left alone.
 */

/** Words that carry meaning for the planner: request verbs, field and kind words, common rows. */
const KNOWN =
  `track tracking tracker manage organise organize organising organizing record log keep store collect monitor schedule
maintain remember list catalogue catalog inventory library collection database spreadsheet booking bookings appointment
appointments reservation reservations customer customers client clients invoice invoices receipt receipts payment payments
address addresses amount amounts author authors title titles description descriptions quantity quantities category categories
priority priorities status deadline deadlines birthday birthdays calendar reminder reminders medication medications medicine
medicines prescription prescriptions tablet tablets dosage business businesses cleaning cleaner cleaners checked delivered
received receive returned borrowed finished completed attended confirmed cancelled scheduled whether minutes minute hours
seconds weeks months distance duration weight height length temperature frequency quality rating ratings review reviews comment
comments notes description ingredients ingredient instructions recipe recipes email emails phone number numbers website price
prices cost costs budget expense expenses income salary deposit balance total paid unpaid supplier suppliers vendor vendors
product products employee employees student students teacher teachers children parent parents member members volunteer
volunteers contact contacts company companies project projects task tasks chore chores habit habits workout workouts exercise
exercises vehicle vehicles mileage location locations category condition available availability favourite favorite purchase
purchased subscription subscriptions membership memberships delivery deliveries shipment shipped order orders quote quotes
estimate estimates tenant tenants property properties maintenance repair repairs service services session sessions lesson
lessons class classes course courses grade grades score scores result results event events guest guests attendee attendees
ticket tickets issue issues account accounts transaction transactions donation donations donor donors plant plants garden
watered watering fertilizer fertiliser photo photos picture pictures image images document documents contract contracts venue venues gig gigs band bands
signed insurance warranty serial model brand colour color size sizes type types genre genres platform platforms`.split(
    /\s+/,
  );

const DICTIONARY = new Set(KNOWN);

/** Common misspellings that are more than one edit away or ambiguous. */
const FIXED: Record<string, string> = {
  payed: "paid",
  recieve: "receive",
  recieved: "received",
  wich: "which",
  wether: "whether",
  adres: "address",
  untill: "until",
  trak: "track",
  amout: "amount",
  ammount: "amount",
  venu: "venue",
  plnts: "plants",
  notse: "notes",
  emial: "email",
  emal: "email",
  phne: "phone",
  pirce: "price",
  prcie: "price",
  catagory: "category",
  catergory: "category",
  calender: "calendar",
  reciept: "receipt",
  seperate: "separate",
  definately: "definitely",
};

/** Replaces misspelt words in `text`, word for word. */
export function correctSpelling(text: string): string {
  return text.replace(/[A-Za-z]{4,}/g, (word) => {
    // Names and acronyms as written ("MOT", "Priya") stay.
    if (/^[A-Z]{2,}$/.test(word) || (/^[A-Z]/.test(word) && !/^[A-Z][a-z]+$/.test(word))) return word;
    const lower = word.toLowerCase();
    if (DICTIONARY.has(lower)) return word;
    const fixed = FIXED[lower] ?? closest(lower);
    if (!fixed || fixed === lower) return word;
    // Keep the writer's capitals for the first letter ("Invoise" → "Invoice").
    return word[0] === word[0]!.toUpperCase() ? fixed[0]!.toUpperCase() + fixed.slice(1) : fixed;
  });
}

/** Keys next to each other on a QWERTY keyboard. */
const ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
function neighbours(a: string, b: string): boolean {
  if (/[aeiouy]/.test(a) && /[aeiouy]/.test(b)) return true;
  if (/^(?:cs|sc|ck|kc|sz|zs)$/.test(a + b)) return true;
  for (let r = 0; r < ROWS.length; r++) {
    const i = ROWS[r]!.indexOf(a);
    if (i < 0) continue;
    for (let s = Math.max(0, r - 1); s <= Math.min(ROWS.length - 1, r + 1); s++) {
      const j = ROWS[s]!.indexOf(b);
      if (j >= 0 && Math.abs(j - i) <= 1) return true;
    }
  }
  return false;
}

function closest(word: string): string | null {
  // Short words have real neighbours ("table" and "tablet", "cast" and "cost"): only longer words,
  // and words the tagger knows ("plans", "posts"), are left as written.
  if (word.length < 6 || isKnownWord(word)) return null;
  // "waterings", "dated": a known word with an ending is not a typo of it.
  for (const stem of [
    word.replace(/s$/, ""),
    word.replace(/es$/, ""),
    word.replace(/ies$/, "y"),
    word.replace(/ed$/, ""),
    word.replace(/d$/, ""),
    word.replace(/ing$/, ""),
    word.replace(/ing$/, "e"),
  ]) {
    if (stem !== word && DICTIONARY.has(stem)) return null;
  }
  const found = new Set<string>();
  for (const candidate of edits(word)) if (DICTIONARY.has(candidate)) found.add(candidate);
  if (found.size <= 1) return [...found][0] ?? null;
  // "minuts": minutes or minute; the one that ends as the word does.
  const same = [...found].filter((c) => c[c.length - 1] === word[word.length - 1] && c[0] === word[0]);
  return same.length === 1 ? same[0]! : null;
}

/** Every string one edit away: deletion, transposition, substitution, insertion. */
function* edits(word: string): Generator<string> {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b) yield a + b.slice(1);
    if (b.length > 1) yield a + b[1] + b[0] + b.slice(2);
    for (const c of letters) {
      // A changed letter is a typo when the keys are neighbours or the sounds alike ("invoise");
      // "meditation" is not "medication".
      if (b && neighbours(b[0]!, c)) yield a + c + b.slice(1);
      yield a + c + b;
    }
  }
}
