/**
 * Noun phrases that name what a person keeps: "a small collection of board games" → board game,
 * "my baby's feedings" → feeding, "a habit tracker" → habit, "the books I've read" → book.
 * Parts of speech come from the tagger (nlp.ts); singular and plural from words.ts.
 */
import { wordTags } from "./nlp";
import { sub, tagIs, words, type Phrase, type Word } from "./phrase";
import { APP_NOUNS, CONTAINER_NOUNS, CONTEXT_NOUN, NON_ENTITY, PEOPLE_NOUNS } from "./vocabulary";
import { isPlural, pluralize, singularize, snakeCase } from "./words";

export interface NounPhrase {
  /** snake_case singular: "board_game". */
  key: string;
  /** snake_case plural: "board_games". */
  table: string;
  /** The words as written: "board games". */
  words: string;
  /** Written in the plural. */
  plural: boolean;
  /** Where it starts in the description. */
  at: number;
  /** Where it ends in the phrase it was read from (offset in that phrase). */
  end: number;
  /** An app noun came right after it: "habit tracker", "plant log". */
  appCompound: boolean;
  /** Where the words read end in the phrase, app nouns included ("task list" in "a task list with …"). */
  tail: number;
}

/** App nouns that never name the rows themselves. */
const APP_ONLY =
  /^(?:app|apps|application|system|tool|tracker|tracking|list|logger|manager|management|database|db|site|website|webapp|platform|dashboard|portal|crm|organi[sz]er|planner|keeper|hub|program|software|spreadsheet|sheet|overview|pipeline|index|catalog|catalogue|directory|register|collection|library|archive|inventory|backlog|wishlist|watchlist|calendar|rota|stock|timetable)$/;
const DETERMINERS =
  /^(?:a|an|the|my|our|your|his|her|their|its|all|some|each|every|any|this|these|those|few|several|many|lots|lot|bunch|couple|of|one|two|three|multiple|various|different|own|whole|entire|simple|small|tiny|basic|little|quick|personal|private|shared|new|big|huge|current|upcoming|local|online|digital|nice|easy|cute|minimal|minimalist|clean|modern|lightweight|super|very|really|just|only|also|favourite|favorite|fave|beloved|growing|ever-growing|massive|modest|complete|full|daily|weekly|monthly|internal|public|common|general|main|central|single|free|open|old|cool|handy|neat|fun|quickish|proper|decent|kiln|web|mobile)$/;
/** Words that end a noun phrase. */
const STOPS =
  /^(?:there|with|having|including|containing|that|which|who|whom|whose|where|when|while|so|because|if|whether|to|for|from|in|on|at|by|about|into|onto|per|via|and|or|but|than|like|as|i|we|you|they|he|she|it|me|us|them|is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|must|may|might|need|needs|want|wants|plus|etc|please|also|too|each|every|one|ones|belong|belongs|belonging|assigned|linked|attached|called|named|gets|get|takes|goes|comes|makes|keeps|holds|owns|uses|sees|does|gives|becomes|out|up|off|over|away|back|down)$/;

/**
 * The noun phrase at the start of `p` (after determiners and a container such as "a list of").
 * Null when the words do not start with a noun.
 */
export function leadingNounPhrase(p: Phrase, opts: { nounFirst?: boolean; loose?: boolean } = {}): NounPhrase | null {
  const ws = words(p);
  let i = 0;
  const run: Word[] = [];
  let appCompound = false;
  let possessor: Word[] = [];
  const asNoun = new Set<Word>();
  // Punctuation between two words ends a phrase ("unit (g, ml)", "companies, contacts").
  const joined = (a: Word, b: Word) => !/[,;:.!?()[\]—/"]/.test(p.text.slice(a.at - p.at + a.text.length, b.at - p.at));
  for (let guard = 0; guard < 3; guard++) {
    while (
      i < ws.length &&
      (DETERMINERS.test(ws[i]!.lower) || /^\d+$/.test(ws[i]!.lower)) &&
      !(run.length === 0 && isHeadNoun(ws, i) && !DETERMINERS.test(ws[i]!.lower))
    )
      i++;
    run.length = 0;
    // After "each", "their", "many": the first word is a noun whatever the tagger says ("each interview").
    const forced = (w: Word) =>
      opts.nounFirst === true &&
      run.length === 0 &&
      guard === 0 &&
      /^[\p{L}]/u.test(w.text) &&
      !w.tags.has("Determiner") &&
      !tagIs.pronoun(w) &&
      !tagIs.preposition(w);
    // A bare verb right after a plural noun is what the things do ("boxes sit in a freezer"), not more of their name.
    const actsOn = (w: Word) =>
      run.length > 0 &&
      run[run.length - 1]!.tags.has("Plural") &&
      tagIs.verb(w) &&
      !tagIs.noun(w) &&
      !isPlural(w.lower) &&
      !w.tags.has("Gerund");
    while (
      i < ws.length &&
      !STOPS.test(ws[i]!.lower) &&
      (run.length === 0 || joined(run[run.length - 1]!, ws[i]!)) &&
      !actsOn(ws[i]!) &&
      (forced(ws[i]!) ||
        isModifierOrNoun(ws[i]!, run.length === 0, ws[i + 1] && joined(ws[i]!, ws[i + 1]!) ? ws[i + 1] : undefined))
    ) {
      if (run.length === 0 && (tagIs.verb(ws[i]!) || forced(ws[i]!)) && !tagIs.noun(ws[i]!)) asNoun.add(ws[i]!);
      run.push(ws[i]!);
      i++;
      // A possessive ends a phrase that describes the next one: "my baby's feedings" → feedings.
      if (/'s$|s'$/.test(run[run.length - 1]!.lower) && i < ws.length && isModifierOrNoun(ws[i]!, true)) {
        possessor = [...run];
        run.length = 0;
      }
      if (run.length >= 5) break;
    }
    // "a collection of board games", "a list of plants": the real thing is after "of".
    if (run.length > 0 && CONTAINER_NOUNS.test(run[run.length - 1]!.lower) && ws[i]?.lower === "of") {
      i++;
      continue;
    }
    break;
  }
  const fullLast = run[run.length - 1];
  const tail = fullLast ? fullLast.at - p.at + fullLast.text.length : 0;
  // "habit tracker", "recipe book": the thing is before the app noun. Alone, "book" is a book, "tracker" is nothing.
  const appNoun = (w: Word) => APP_NOUNS.test(w.lower) || (isPlural(w.lower) && APP_NOUNS.test(singularize(w.lower)));
  while (
    run.length > 0 &&
    appNoun(run[run.length - 1]!) &&
    (run.length > 1 || APP_ONLY.test(singularize(run[0]!.lower)))
  ) {
    run.pop();
    appCompound = true;
  }
  // Only adjectives and gerunds left ("reading list", "shopping list"): no noun of its own. Before
  // an app noun, a word the tagger calls an adjective is a noun when a noun precedes it
  // ("Christmas present list").
  // A subject or object in a relation ("an animal gets adopted"): a lone word that has a plural is a noun.
  const looseNoun = (w: Word) =>
    opts.loose === true &&
    run.length === 1 &&
    tagIs.adjective(w) &&
    pluralize(w.lower) !== w.lower &&
    /^[a-z]+$/.test(w.lower);
  while (
    run.length > 0 &&
    !isNounish(run[run.length - 1]!) &&
    !asNoun.has(run[run.length - 1]!) &&
    !looseNoun(run[run.length - 1]!)
  ) {
    const last = run[run.length - 1]!;
    if (
      appCompound &&
      run.length >= 2 &&
      tagIs.noun(run[run.length - 2]!) &&
      tagIs.adjective(last) &&
      !/ing$/.test(last.lower)
    )
      break;
    run.pop();
  }
  // "the residents' association directory": the association is who it is for; the residents are the rows.
  if (
    (run.length === 0 || CONTEXT_HEADS.test(run[run.length - 1]!.lower)) &&
    possessor.length > 0 &&
    /s'$/.test(possessor[possessor.length - 1]!.lower)
  ) {
    run.length = 0;
    run.push(...possessor);
  }
  if (run.length === 0) return null;
  const lowers = run.map((w) => w.lower.replace(/'s$|'$/, ""));
  const head = lowers[lowers.length - 1]!;
  const plural = isPlural(head) || run[run.length - 1]!.tags.has("Plural");
  const single = singularize(head);
  // The head noun names the rows ("pet sitting bookings" → booking); a generic head keeps the word before it ("action items").
  const before = lowers[lowers.length - 2];
  const modifier =
    before &&
    GENERIC_HEADS.test(single) &&
    !NON_ENTITY.test(singularize(before)) &&
    !CONTEXT_NOUN.test(singularize(before))
      ? [before]
      : [];
  // "patient records", "member details": records of a person are the person's rows.
  const ofPerson =
    modifier.length === 1 && /^(?:record|detail|profile|file)$/.test(single) && PEOPLE_NOUNS.test(singularize(before!));
  const key = ofPerson ? snakeCase(singularize(before!)) : snakeCase([...modifier, single].join(" "));
  if (!key || /^\d/.test(key)) return null;
  const last = run[run.length - 1]!;
  return {
    key,
    table: pluralize(key),
    words: p.text.slice(run[0]!.at - p.at, last.at - p.at + last.text.length),
    plural,
    at: run[0]!.at,
    end: last.at - p.at + last.text.length,
    appCompound,
    tail: Math.max(tail, last.at - p.at + last.text.length),
  };
}

/** Verbs that start a request ("track my …"), never the first word of a thing's name. */
const INTRO_WORDS =
  /^(?:track|manage|log|record|keep|list|store|organi[sz]e|collect|monitor|plan|save|add|enter|put|book|schedule|rate|review|compare|follow|handle|run|maintain|remember|document|catalog|catalogue|build|make|create|design|show|help|need|want|get|give|let|note|write|sell|buy|find|see|use|share|send|count|check)$/;

/** Heads too general to name rows alone: "action items", "journal entries". */
const GENERIC_HEADS = /^(?:item|entry|record|detail|thing|log|note|type|piece|unit|point|change|check|list|set|stuff)$/;
/** Heads that say who the app is for, not what it keeps. */
const CONTEXT_HEADS =
  /^(?:association|club|group|society|committee|team|family|household|company|business|school|class|office|shop|store|home|house|church|council|board|directory|list|app)$/;

function isHeadNoun(ws: Word[], i: number): boolean {
  return tagIs.noun(ws[i]!) && (i + 1 >= ws.length || STOPS.test(ws[i + 1]!.lower));
}

function isNounish(w: Word): boolean {
  if (tagIs.pronoun(w) || tagIs.preposition(w) || w.tags.has("Conjunction") || w.tags.has("QuestionWord")) return false;
  if (w.tags.has("Gerund") && !w.tags.has("Noun")) return false;
  // In context the tagger may misread a noun ("an animal gets adopted"): the word alone decides.
  if (tagIs.adjective(w) && !tagIs.noun(w) && !isPlural(w.lower))
    return wordTags(w.lower).has("Noun") && !wordTags(w.lower).has("Adjective");
  // Taggers read a bare plural after a colon as a verb ("books with…"): a plural form is a noun here.
  if (tagIs.verb(w) && !tagIs.noun(w)) return isPlural(w.lower) || w.tags.has("Infinitive");
  return true;
}

function isModifierOrNoun(w: Word, first: boolean, next?: Word): boolean {
  if (/^[$€£¥₹%#]$/.test(w.text)) return false;
  if (/^\d/.test(w.lower)) return false;
  if (
    tagIs.pronoun(w) ||
    tagIs.preposition(w) ||
    w.tags.has("Conjunction") ||
    w.tags.has("QuestionWord") ||
    w.tags.has("Determiner") ||
    /^(?:my|our|your|their|his|her|its|whose)$/.test(w.lower)
  )
    return false;
  if (w.tags.has("Copula") || w.tags.has("Modal") || w.tags.has("Auxiliary")) return false;
  if (
    w.tags.has("PastTense") &&
    !tagIs.noun(w) &&
    !tagIs.adjective(w) &&
    !(first && next && (next.tags.has("Noun") || isPlural(next.lower)) && !next.tags.has("Pronoun"))
  )
    return false;
  // A verb form after a noun ends the phrase ("book belongs to"); a plural form that ends the phrase
  // ("club rides:", "water tests") or comes first is a noun the tagger misread.
  if (tagIs.verb(w) && !tagIs.noun(w) && !w.tags.has("Gerund")) {
    const endsPhrase =
      !next || /^(?:with|and|or|having|including|that|which|who|for|in|of|on|from|i|we|you|they)$/.test(next.lower);
    // A title's first word read as a command ("Pet sitting bookings", "Game backlog") is a noun when a noun follows.
    const titleNoun =
      first &&
      next &&
      !INTRO_WORDS.test(w.lower) &&
      (next.tags.has("Noun") || next.tags.has("Gerund")) &&
      !next.tags.has("Pronoun") &&
      !next.tags.has("Possessive") &&
      !next.tags.has("Determiner");
    if (!((first && isPlural(w.lower)) || titleNoun || ((isPlural(w.lower) || w.tags.has("Infinitive")) && endsPhrase)))
      return false;
  }
  if (w.tags.has("Adverb")) return false;
  return true;
}
