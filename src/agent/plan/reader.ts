/**
 * Reads a description the way a person would: which things they want to keep (entities), what
 * they want to know about each (fields), and how the things relate. The structure comes from how
 * people write: "X with a, b and c", "each X has …", "X: a, b, c", "— a, b, c", headings with
 * bullets, "for each X …", "I also want to note …", "X belongs to a Y", "X and their Y".
 *
 * The result is a draft in the person's words; plan-builder.ts turns it into a Plan (resolving
 * what fields point at, and filling in what the person left open from vocabulary.ts).
 */
import { optionsAfter, readField, type FieldSpec } from "./fields";
import { splitItems } from "./lists";
import { leadingNounPhrase, type NounPhrase } from "./nouns";
import { rootPhrase, splitTop, sub, trim, words, type Phrase } from "./phrase";
import { APP_WORDS, CONTEXT_NOUN, NON_ENTITY, PEOPLE_NOUNS, templateForNoun } from "./vocabulary";
import { isPlural, pluralize, singularize, snakeCase } from "./words";

export interface EntityDraft {
  /** snake_case singular: "board_game". */
  key: string;
  /** snake_case plural: "board_games". */
  table: string;
  /** As written first. */
  words: string;
  /** Written in the plural first. */
  plural: boolean;
  at: number;
  fields: FieldSpec[];
  /** How the fields came: a list that reads as complete, or a short "with …" on top of the usual ones. */
  complete: boolean;
  /** Named only as the frame of the app ("a booking system: …"): dropped when other things are named. */
  tentative: boolean;
  /** Rows of this table point at rows of these (singular keys). */
  links: Array<{ to: string; required: boolean; column?: string }>;
  /** "X has many Y": the keys of Y. */
  hasMany: Set<string>;
}

export interface Reading {
  entities: EntityDraft[];
  /** Pairs of keys that are many-to-many. */
  manyToMany: Array<[string, string]>;
  /** Fields named before any thing they belong to ("a todo list with due dates"). */
  orphans: FieldSpec[];
  /** The orphans were a whole list (after a colon, in bullets, three or more): what the person wants kept. */
  orphansListed: boolean;
  /** App words found ("crm", "reading list"), in order of appearance. */
  appWords: Array<(typeof APP_WORDS)[number]>;
  /** "… called Acme Tasks". */
  title: string | null;
  /** The description, normalised, lower case, without what it says about login. */
  domain: string;
  /** The description, normalised, lower case, as written (for login). */
  loginText: string;
  /** The first sentence, normalised (for titles). */
  lead: string;
  /** The first line is a noun phrase and nothing else. */
  leadIsName: boolean;
}

// ─── Patterns ────────────────────────────────────────────────────────────────────────────────

const LEAD_IN =
  /^(?:(?:please|hi|hey|hello|so|ok|okay|basically|hmm|um|well)[,!.]?\s+)*(?:(?:i|we)(?:'d| would)?\s+(?:really\s+)?(?:want|need|like|wanna|am looking for|'m looking for|are looking for|'re looking for)\s+(?:to\s+(?:build|make|create|have|get|set up|start)\s+)?|(?:can|could|would) you\s+(?:please\s+)?(?:build|make|create|set up|whip up)(?:\s+(?:me|us))?\s+|(?:please\s+)?(?:build|make|create|design|give|set up|whip up)(?:\s+(?:me|us))?\s+)?/i;
const INTRO_VERB =
  /\b(?:put in|add in|enter|keep(?:ing)? track of|keep(?:ing)? tabs on|keep(?:ing)? a (?:record|log|list) of|track(?:s|ing)?|manag(?:e|es|ing)|log(?:s|ging)?|record(?:s|ing)?|organi[sz](?:e|es|ing)|catalog(?:ue)?(?:s|ing)?|stor(?:e|es|ing)|list(?:s|ing)?|collect(?:s|ing)?|monitor(?:s|ing)?|follow(?:s|ing)?|sav(?:e|es|ing)|maintain(?:s|ing)?|handl(?:e|es|ing)|(?:need|want|have) to know(?: about)?|plan(?:s|ning)?|schedul(?:e|es|ing)|keep(?:s|ing)?|remember(?:s|ing)?|document(?:s|ing)?|rat(?:e|es|ing)|review(?:s|ing)?|compar(?:e|es|ing)|book(?:s|ing)?)\s+(?!\(|\d+\s*(?:-|to)\s*\d|(?:we|i|they|you)\b)(?:all\s+)?(?:of\s+)?/;
const FIELD_CONNECTOR =
  /\s+(?:with|having|including|containing|that (?:has|have|includes?|contains?|stores?|records?|lists?|shows?|tracks?)|which (?:has|have|includes?)|where (?:each|every) (?:one )?(?:has|gets)|where i can (?:add|note|record|track|store|enter|log|save|see))\s+|\s*:\s+|\s+—\s+|\s*\(/;
const WANT =
  /^(?:(?:and|also|plus|oh|then|finally|lastly|additionally)[, ]+)*(?:(?:i|we)(?:'d| would)?\s+(?:also\s+)?(?:want|need|like|wanna|have|must|should|will|might|'ll|would like|'d like)(?:\s+to)?(?:\s+be able to)?(?:\s+also)?|(?:it|they|each one|every one|each|this|these)\s+(?:should|must|will|would|could|can|need to)?\s*(?:also\s+)?(?:has|have|needs?|contains?|includes?|stores?|records?|shows?|tracks?|gets?)|(?:there should be|there must be|i also want|don't forget|make sure (?:to|there's|there is)|remember to)|(?:also|plus|and also|additionally|oh and))\s*(?:(?:track|note|record|log|store|save|remember|write down|see|know|keep(?: track of)?|capture|add|include|have|enter|put|mark|rate|list|show)(?:\s+down)?\b)?\s*/i;
const EACH = /^(?:(?:and|also|then|plus)\s+)?(?:for\s+)?(?:each|every|per)\s+/;
const EACH_HAS =
  /^\s*(?:(?:should|must|can|will|would|could|needs? to|has to|have to|is going to|also)\s+)*(?:has|have|had|gets?|needs?|contains?|includes?|comes? with|with|holds?|stores?|records?|lists?|shows?|tracks?|keeps?|requires?|should have|get)\b\s*:?\s*|^\s*[:,—]\s*/;
const LINK_VERB =
  /^\s*(?:(?:is|are|gets?|must be|should be|can be|will be|has to be|always)\s+)*(?:belongs? to|belonging to|assigned to|linked to|attached to|tied to|connected to|related to|associated with|part of|about|logged (?:for|against|to)|recorded for|booked (?:for|with)|towards?|against|(?:[a-z]+ed|written|taken|given|done|made|run|led|owned|kept|sold|bought|seen|held) by|made by|written by|owned by|taken by|done by|given by|for|of|in|inside|under|on|at|from|with)\s+(?:(?:a|an|the|one|some|exactly one|one specific|a specific|a single|its|their)\s+)?/;
const MANY =
  /^(?:(?:a|an|the)\s+)?(?:many|several|multiple|list of|a list of|lots of|one or more|a few|some|any number of|a bunch of|various|their own|its own|a set of)\s+/;
/** "(where) parents can see the fixtures", "neighbours can post things they're giving away": what they see or post. */
const CAN_OBJECT =
  /\b(?:people|anyone|everyone|users|visitors|members|customers|guests|neighbou?rs|parents|students|staff|players|fans|volunteers|the public|others)\s+(?:can|could|will|may|should be able to|are able to)\s+(?:see|view|check|find|browse|read|look at|list|post|add|submit|share|leave|offer|upload|put up|advertise|register|book|sign up for|join|pick)\s+(?:(?:the|our|my|their|all|any)\s+)?/;

/** "…, each with a checkbox", "…, with a quantity and a unit" right after a plural thing: that thing's own list. */
const CHILD_LIST = /^(?:(?:each|every one|all|both)\s+(?:with|having|has|have)|with|each having|each one with)\s+/;
const notThing = (np: NounPhrase) =>
  NON_ENTITY.test(np.key) || (!np.plural && CONTEXT_NOUN.test(np.key.split("_").pop()!));

const LOGIN_CLAUSE =
  /(?:,\s*|\s+)(?:(?:and|but|with|that has|that needs|which needs|it needs|needs|requires?|behind)\s+)?(?:(?:no|without|a|an|any|with|user)\s+)?(?:login|log-?ins?|user accounts?|auth(?:entication)?|passwords?)(?:\s+(?:needed|required|screen|page|system))?(?=[\s,.;!?]|$)|(?:,\s*|\s+)(?:no|without|a|an|any|with|needs?|requires?|behind)\s+(?:a\s+)?sign[- ]?(?:ins?|ups?)(?:\s+(?:needed|required|screen|page|system))?(?=[\s,.;!?]|$)|(?:,\s*|\s+)(?:no|without|any)\s+accounts?(?=[\s,.;!?]|$)|(?:,\s*|\s+)(?:with\s+)?accounts? for (?:each|every|all|my|our|the)\s+(?:users?|people|members|staff|team|family|employees)(?=[\s,.;!?]|$)|(?:,\s*|\s+)(?:no need to|without) (?:log|sign)(?:ging)? in\b|(?:,\s*|\s+)(?:(?:it|this|the app|everything)\s+(?:should|must|needs to|has to)\s+be\s+)?(?:private|public|password[- ]protected)(?=[\s,.;!?]|$)|(?:,\s*|\s+|^)(?:[—-]\s*)?(?:only (?:i|me|we|us|members|staff|the team|our team|admins?|logged[- ]in (?:users|people)|people with an account) (?:can|should|will|may)(?: be able to)? (?:see|use|access|edit|view|read) (?:it|this|them|the data|the list)|just for me|for my eyes only|anyone can (?:see|use|view|read|post|add|sign|look (?:it|them) up|browse|search|find (?:it|them))(?: it| this| to it| in)?|(?:everyone|everybody|all users|users|people|members|staff|we all) (?:must|should|need to|has to|have to|will) (?:log|sign) in(?: first)?)(?=[\s,.;:!?]|$)/gi;

// ─── Reading ─────────────────────────────────────────────────────────────────────────────────

export function readDescription(text: string): Reading {
  const reader = new Reader(text);
  reader.read();
  return reader.result();
}

interface Block {
  /** A line or sentence read on its own. */
  sentence?: Phrase;
  /** The line it came from. */
  line?: number;
  /** A heading (or the line before bullets) and its bullets. */
  head?: Phrase | null;
  bullets?: Array<{ item: Phrase; children: Phrase[] }>;
}

class Reader {
  readonly root: Phrase;
  readonly entities: EntityDraft[] = [];
  readonly manyToMany: Array<[string, string]> = [];
  readonly orphans: FieldSpec[] = [];
  orphansListed = false;
  readonly appWords: Array<(typeof APP_WORDS)[number]> = [];
  title: string | null = null;
  loginText = "";
  current: EntityDraft | null = null;
  /** The thing the last fields were read for: "I also want to note …" adds to it. */
  focus: EntityDraft | null = null;
  domain: string;

  constructor(text: string) {
    let root = rootPhrase(text.slice(0, 4000));
    // "… called Acme Tasks": the title, not a thing to keep.
    const named =
      /(?:,\s*|\s+)(?:it(?:'s| is| should be)\s+)?(?:called|named|titled)\s+(?:["']([^"'\n]{1,60})["']|([A-Z0-9][\w&+'-]*(?:\s+[A-Z0-9][\w&+'-]*){0,4}))/.exec(
        root.text,
      );
    if (named) {
      this.title = (named[1] ?? named[2])!.trim();
      root = {
        ...root,
        text:
          root.text.slice(0, named.index) +
          " ".repeat(named[0].length) +
          root.text.slice(named.index + named[0].length),
      };
    }
    this.loginText = root.text.toLowerCase();
    // Login wishes ("with no login", "it should be private") are read by the planner, not here.
    root = { ...root, text: root.text.replace(LOGIN_CLAUSE, (m) => " ".repeat(m.length)) };
    this.root = root;
    this.domain = root.text.toLowerCase();
  }

  result(): Reading {
    const firm = this.entities.filter((e) => !e.tentative);
    const entities = firm.length > 0 ? this.entities.filter((e) => !e.tentative || this.isLinked(e)) : this.entities;
    return {
      entities,
      manyToMany: this.manyToMany,
      orphans: this.orphans,
      orphansListed: this.orphansListed || this.orphans.length >= 3,
      appWords: this.appWords,
      title: this.title,
      domain: this.domain,
      loginText: this.loginText,
      lead: (
        /^[^\n.!?]*/.exec(
          this.root.text
            .trim()
            .replace(/^(?:(?:hi|hello|hey|hiya|ok|okay|so|thanks|please)\b[^\n.!?,]{0,12}[!.,]\s*)+/i, ""),
        )?.[0] ?? ""
      )
        .trim()
        .replace(LEAD_IN, ""),
      leadIsName: this.leadIsName(),
    };
  }

  /** The first line is only a noun phrase ("Event RSVPs", "Bookmarks"): it names the app. */
  private leadIsName(): boolean {
    const line = /^\s*([^\n.!?:]*)/.exec(this.root.text)!;
    const p = trim(sub(this.root, line.index + line[0].length - line[1]!.length, line.index + line[0].length));
    const np = leadingNounPhrase(p);
    return !!np && p.text.length - np.end <= 1 && words(p).length <= 4 && !np.appCompound;
  }

  private isLinked(e: EntityDraft): boolean {
    return this.entities.some(
      (o) => o !== e && (o.links.some((l) => l.to === e.key) || o.fields.some((f) => f.target === e.key)),
    );
  }

  read(): void {
    const found = APP_WORDS.map((app) => ({ app, at: this.domain.search(app.re) })).filter((x) => x.at >= 0);
    for (const { app } of found.sort((a, b) => a.at - b.at)) this.appWords.push(app);
    const read: Phrase[] = [];
    for (const block of this.blocks()) {
      if (block.sentence) {
        this.readSentence(block.sentence);
        read.push(block.sentence);
      } else this.readBullets(block.head ?? null, block.bullets ?? []);
    }
    // Once every thing is named: "each scene is shot at one location", "boxes sit in a freezer".
    for (const s of read) {
      let subject: EntityDraft | null = null;
      // (What is in brackets is a list of fields: blanked, so that the words after the brackets read on.)
      const plain = trim({ ...s, text: s.text.replace(/\([^()]*\)/g, (m) => ";" + " ".repeat(m.length - 1)) });
      for (const clause of splitTop(plain, /\s*[;,:]\s*|\s+—\s+|\s+and\s+(?=(?:each|every)\s)/))
        subject = this.readPlacement(trim(clause), subject);
      this.readTheirs(trim(s));
    }
  }

  /** "suppliers and the deliveries they make", "clients and the jobs we do for them": the second are the first's. */
  private readTheirs(s: Phrase): void {
    const lower = s.text.toLowerCase();
    for (const m of lower.matchAll(
      /\s+and\s+(?:the|their|all the)\s+(?=[a-z][a-z -]*?\s+(?:that\s+|which\s+)?(?:they|it|he|she|we|i)\s+[a-z]+)/g,
    )) {
      const left = trailingNounPhrase(sub(s, 0, m.index));
      const right = leadingNounPhrase(sub(s, m.index + m[0].length));
      if (!left || !right) continue;
      const a = this.find(left.key);
      const b = this.find(right.key);
      if (!a || !b || a === b || a.tentative || b.tentative) continue;
      // "… they make" / "… we do for them" speaks of the first: they are theirs.
      const after = lower.slice(right.at - s.at + right.words.length, right.at - s.at + right.words.length + 40);
      if (!/^\s+(?:that\s+|which\s+)?(?:they|it|he|she)\b|\b(?:them|their|it)\b/.test(after)) continue;
      if (
        b.links.some((l) => l.to === a.key) ||
        a.links.some((l) => l.to === b.key) ||
        this.manyToMany.some(([x, y]) => (x === a.key && y === b.key) || (x === b.key && y === a.key))
      )
        continue;
      b.links.push({ to: a.key, required: true });
    }
  }

  /**
   * "Each scene is shot at one location", "Lessons are booked for a rider on a horse", "Boxes sit
   * in a freezer", "a costume can be used in several productions": a thing whose clause puts it
   * in, at, on or for another thing named in the description points at that thing (at several of
   * them: many-to-many). Only things already read are linked; no new thing is made here.
   */
  private readPlacement(c: Phrase, previous: EntityDraft | null): EntityDraft | null {
    const lower = c.text.toLowerCase();
    // "…, and can come to many meetups": the clause goes on about the sentence's thing.
    const carried = previous && /^and\s+(?:(?:can|may|will|must|should|could|also|then|often|usually)\s+)+/.exec(lower);
    let a: EntityDraft | undefined;
    let restAt: number;
    if (carried) {
      a = previous!;
      restAt = carried[0].length - 1;
    } else {
      const lead = /^(?:(?:and|also|then|so|but)\s+)?(?:(?:each|every|any|a|an|the|all|our|my)\s+)?/.exec(lower)![0]
        .length;
      const subject = leadingNounPhrase(sub(c, lead), { nounFirst: true });
      if (!subject) return null;
      a = this.find(subject.key);
      restAt = subject.at - c.at + subject.words.length;
      // "(name, native language, …) and can come …": a clause of the list keeps the sentence's thing.
      if (!a) return previous;
    }
    if (!a || a.tentative) return null;
    const rest = lower.slice(restAt);
    // A verb must follow the thing ("is shot", "sit", "go", "can be used", "I do"); "has", "with" are read elsewhere.
    const verb =
      /^\s+(?:(?:that|which)\s+)?(?:(?:i|we|you|they)\s+)?(?:(?:can|may|will|must|should|could|always|usually|also|then|often)\s+)*(?:(?:is|are|be|get|gets|was|were)\s+)?([a-z]+)\b/.exec(
        rest,
      );
    if (!verb || /^(?:has|have|had|with|and|or|of|need|needs|include|includes|contain|contains)$/.test(verb[1]!))
      return a;
    const verbWord = words(sub(c, restAt))[verb[0].trim().split(/\s+/).length - 1];
    if (
      !verbWord ||
      !(verbWord.tags.has("Verb") || /^(?:is|are|in|at|on)$/.test(verbWord.lower) || /(?:ed|en)$/.test(verbWord.lower))
    )
      return a;
    const places =
      /\s(?:in|into|at|on|for|to|under|inside|within|from|onto|of|about|against|towards?|between)\s+(?:(one|a single|exactly one|a|an|the|each|several|many|multiple|more than one|any number of|different)\s+)?/g;
    const from = verb[0].length - verb[1]!.length - 1;
    for (const m of rest.slice(from).matchAll(places)) {
      const at = restAt + from + m.index! + m[0].length;
      const np = leadingNounPhrase(sub(c, at), { nounFirst: !!m[1] });
      if (!np || (!m[1] && !np.plural)) continue;
      const b = this.find(np.key);
      if (!b || b === a || b.tentative) continue;
      const paired = this.manyToMany.some(([x, y]) => (x === a.key && y === b.key) || (x === b.key && y === a.key));
      if (
        paired ||
        a.links.some((l) => l.to === b.key) ||
        b.links.some((l) => l.to === a.key) ||
        a.fields.some((f) => f.target === b.key) ||
        b.fields.some((f) => f.target === a.key) ||
        a.hasMany.has(b.key)
      )
        continue;
      if (/^(?:several|many|multiple|more than one|any number of|different)$/.test(m[1] ?? ""))
        this.manyToMany.push([a.key, b.key]);
      else a.links.push({ to: b.key, required: false });
    }
    return a;
  }

  // ── Structure: lines, bullets, sentences ──

  private blocks(): Block[] {
    const blocks: Block[] = [];
    type Line = { phrase: Phrase; indent: number; bullet: boolean; heading: boolean; blankBefore: boolean };
    const lines: Line[] = [];
    let offset = 0;
    let blank = false;
    for (const line of this.root.text.split("\n")) {
      const phrase = sub(this.root, offset, offset + line.length);
      offset += line.length + 1;
      if (!line.trim()) {
        blank = true;
        continue;
      }
      const bullet = /^(\s*)(?:[-*•·+>▪◦‣]|\d{1,2}[.)]|[a-z][.)]|\[[ xX]?\])\s+/.exec(line);
      const markdown = /^\s*#{1,6}\s+/.exec(line);
      const strip = bullet ?? markdown;
      const body = unbold(strip ? sub(phrase, strip[0].length) : phrase);
      // "# Tenants", "Clients:", "**Shoots**": a heading for the lines under it.
      const heading =
        !bullet &&
        (!!markdown ||
          (/:\s*$/.test(line) && words(body).length <= 8) ||
          /^\s*(?:\*\*|__)[^*_]+(?:\*\*|__):?\s*$/.test(line));
      lines.push({
        phrase: body,
        indent: bullet ? bullet[1]!.length : 0,
        bullet: !!bullet,
        heading,
        blankBefore: blank,
      });
      blank = false;
    }
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const next = lines[i + 1];
      if (line.heading && next && !next.bullet && !next.heading && !next.blankBefore) {
        // A heading over plain lines: each line is an item of the heading's list.
        const items: Array<{ item: Phrase; children: Phrase[] }> = [];
        let j = i + 1;
        while (j < lines.length && !lines[j]!.bullet && !lines[j]!.heading && !lines[j]!.blankBefore)
          items.push({ item: lines[j++]!.phrase, children: [] });
        blocks.push({ head: line.phrase, bullets: items });
        i = j - 1;
        continue;
      }
      if (line.bullet) {
        // Bullets right after a line: that line is their head.
        const prev = i > 0 && !lines[i - 1]!.bullet ? lines[i - 1]! : null;
        const bullets: Array<{ item: Phrase; children: Phrase[] }> = [];
        let j = i;
        const base = line.indent;
        while (j < lines.length && lines[j]!.bullet) {
          const l = lines[j]!;
          if (l.indent > base && bullets.length > 0) bullets[bullets.length - 1]!.children.push(l.phrase);
          else bullets.push({ item: l.phrase, children: [] });
          j++;
        }
        // The head line was read as sentences; it is read again as the bullets' head.
        if (prev) while (blocks.length > 0 && blocks[blocks.length - 1]!.line === i - 1) blocks.pop();
        blocks.push({ head: prev ? prev.phrase : null, bullets });
        i = j - 1;
        continue;
      }
      for (const sentence of sentences(line.phrase)) blocks.push({ sentence, line: i });
    }
    return blocks;
  }

  // ── Bullets ──

  private readBullets(head: Phrase | null, bullets: Array<{ item: Phrase; children: Phrase[] }>): void {
    let container: EntityDraft | null = null;
    if (head) {
      // The head's own sentences first ("My plant app. Things to track:"): the last one frames the bullets.
      const parts = sentences(head);
      for (const s of parts.slice(0, -1)) this.readSentence(s);
      const last = parts[parts.length - 1];
      if (last) container = this.readHeadLine(last);
    }
    for (const { item, children } of bullets) {
      if (children.length > 0) {
        const np = leadingNounPhrase(trim(item));
        const entity = np ? this.declare(np, false) : container;
        if (!entity) continue;
        const colon = /[:—]\s*(\S.*)$/.exec(item.text);
        if (colon) this.readBody(sub(item, colon.index + colon[0].length - colon[1]!.length), entity, true);
        for (const child of children) this.readBody(child, entity, true);
        entity.complete = true;
        continue;
      }
      this.readBody(item, container, true);
    }
  }

  /** A line that ends in ":" before bullets or a list: the entity it names, if any. */
  private readHeadLine(head: Phrase): EntityDraft | null {
    const text = trim(head);
    if (
      /^(?:(?:the\s+)?(?:fields?|columns?|properties|attributes|details|info|data)(?:\s+(?:are|to (?:track|store|keep|record)))?|things to (?:track|store|keep|record|note)|what (?:i|we) (?:want|need) to (?:track|store|keep|record|know))\s*:?$/i.test(
        text.text,
      )
    )
      return this.current;
    if (
      /^(?:tables?|entities|entity|lists?|sections?|things|objects?|models?|record types?|data)\s*:?$/i.test(text.text)
    )
      return null;
    if (/^(?:for\s+)?(?:each|every)(?:\s+(?:one|of them|item))?\s*:?$/i.test(text.text))
      return this.current ?? this.entities[0] ?? null;
    const each = EACH.exec(text.text.toLowerCase());
    if (each) {
      const np = leadingNounPhrase(sub(text, each[0].length));
      if (np) return this.declare(np, false);
    }
    return this.entityOfHead(text);
  }

  // ── Sentences ──

  private readSentence(s0: Phrase): void {
    this.readStatement(s0);
    // Links between things read once more, now that the sentence has named them all ("visits that
    // assign a cleaner to a house" after "houses (…)" in the same sentence).
    this.readRelations(trim(s0));
  }

  private readStatement(s0: Phrase): void {
    const s = trim(s0);
    if (!/[\p{L}]/u.test(s.text)) return;
    const lower = s.text.toLowerCase();
    if (
      /^(?:it|the app|this|everything|all of (?:it|this)|data)\s+(?:should|must|needs to|has to)\s+(?:be\s+)?(?:private|public|password|behind|require|only|visible|accessible|shared|open)/.test(
        lower,
      )
    )
      return;
    if (/^(?:no|without) (?:login|log-in|sign[- ]?in|accounts?|auth)/.test(lower)) return;
    // "A student can take many courses and a course has many students": links, and nothing more.
    if (this.readRelations(s) && !/[:(]|\bwith\b|,/.test(lower)) return;
    // "Who did I lend my stuff to?": a question that frames the app.
    if (/^(?:who|what|where|when|why|how|which)\b[^.]*\?\s*$/.test(lower)) return;
    if (this.readEach(s)) return;
    // "track the weight (kg), date weighed and paddock for each cow": a list, then whose it is.
    const listIntro = INTRO_VERB.exec(lower);
    const forEachEnd = /\s+(?:for|of|on|about)\s+(?:each|every)\s+([\p{L}' -]+?)\s*[.!]?\s*$/u.exec(lower);
    if (
      listIntro &&
      forEachEnd &&
      listIntro.index <= 30 &&
      /,/.test(lower.slice(listIntro.index, forEachEnd.index)) &&
      isTop(s, forEachEnd.index)
    ) {
      const np = leadingNounPhrase(sub(s, forEachEnd.index + forEachEnd[0].indexOf(forEachEnd[1]!)), {
        nounFirst: true,
      });
      if (np && !notThing(np)) {
        const entity = this.declare(np, false);
        this.readBody(sub(s, listIntro.index + listIntro[0].length, forEachEnd.index), entity, true);
        this.current = entity;
        this.focus = entity;
        return;
      }
    }
    // "A habit tracker where each habit has a name and a target": the statement after "where".
    const inner = /\b(?:where|in which|so that|so)\s+(?=(?:each|every)\s)/.exec(lower);
    if (inner && inner.index > 0) {
      const statement = sub(s, inner.index + inner[0].length);
      const known = new Set(this.entities);
      if (this.readEach(statement)) {
        const made = this.current;
        const frame = this.entityOfHead(sub(s, 0, inner.index));
        // The frame ("a habit tracker") is the same thing, or only frames it.
        if (frame && frame !== made && !known.has(frame) && frame.fields.length === 0) frame.tentative = true;
        return;
      }
    }

    // "Entity: Vehicle", "Tables: books, authors": the words after the colon name things, in any number.
    const named =
      /^(?:entity|entities|table|tables|model|models|object|objects|record type|record types)\s*:\s*(.+)$/i.exec(
        s.text,
      );
    if (named) {
      for (const item of splitItems(sub(s, s.text.length - named[1]!.length))) {
        const np = leadingNounPhrase(item);
        if (np && !notThing(np)) this.declare(np, false);
      }
      return;
    }
    // "HEAD: body" / "HEAD — body".
    const split = /\s*:\s+|\s+—\s+/.exec(s.text);
    if (
      split &&
      split.index > 0 &&
      isTop(s, split.index) &&
      (words(sub(s, 0, split.index)).length <= 14 ||
        /\sand\s+(?:for\s+)?(?:each|every)\s/i.test(s.text.slice(0, split.index)))
    ) {
      const head = sub(s, 0, split.index);
      const body = sub(s, split.index + split[0].length);
      // "I'd like to record my hives (…) and every inspection I do on a hive: the date, …": the
      // words before "and every" are a statement of their own; the list is for the thing after it.
      const andEach = findTop(head, /\s+and\s+(?:for\s+)?(?:each|every)\s+/);
      if (andEach) {
        const np = leadingNounPhrase(sub(head, andEach.index + andEach.length), { nounFirst: true });
        if (np && !NON_ENTITY.test(np.key)) {
          this.readStatement(sub(head, 0, andEach.index));
          const entity = this.declare(np, false);
          this.readBody(body, entity, true);
          entity.complete = true;
          this.current = entity;
          this.focus = entity;
          return;
        }
      }
      const wanted = WANT.exec(head.text.toLowerCase());
      const known = new Set(this.entities);
      let entity =
        wanted && wanted[0].trim() && this.current && !INTRO_VERB.test(head.text.toLowerCase().slice(wanted[0].length))
          ? this.current
          : this.readHeadLine(head);
      // "Loyalty cards for my coffee shop: customers with …, stamps …": a head whose body lists
      // other things is the app's frame, not a thing of its own.
      // A head that is a thing in the plural ("Books: title, authors, genres") keeps its list unless
      // the list's items have lists of their own.
      const pluralHead = !!entity && !entity.tentative && entity.plural;
      if (entity && !known.has(entity) && entity.fields.length === 0 && this.listsThings(body, pluralHead)) {
        entity.tentative = true;
        entity = null;
      }
      this.readBody(body, entity, true);
      return;
    }

    // "Members (name, email, expiry) can book machines": the thing, its fields in brackets, then what it does.
    const subjectFirst = leadingNounPhrase(s);
    if (
      subjectFirst &&
      subjectFirst.plural &&
      subjectFirst.at === s.at + (lower.length - lower.trimStart().length) &&
      !notThing(subjectFirst) &&
      !isFieldWord(subjectFirst)
    ) {
      const after = s.text.slice(subjectFirst.end);
      const bracket =
        /^\s*\(([^()]+)\)\s+(?:(?:can|may|will|must|should|also|often|usually)\s+)*(?!(?:and|or|plus|as|with|then|but|nor|each|every|for)\b)[a-z]+/i.exec(
          after,
        );
      if (bracket && bracket[1]!.includes(",")) {
        const entity = this.declare(subjectFirst, false);
        const open = subjectFirst.end + after.indexOf("(") + 1;
        this.readBody(sub(s, open, open + bracket[1]!.length), entity, true);
        entity.complete = true;
        this.current = entity;
        this.focus = entity;
        return;
      }
    }

    // "I also want to note who borrowed it", "It should have a photo", "Also the price".
    const want = WANT.exec(lower);
    if (want && want[0].trim()) {
      const rest = sub(s, want[0].length);
      const restLower = rest.text.toLowerCase();
      // "I want to write down each lesson's date …", "I also want to log each deposit towards a goal".
      if (EACH.test(restLower) && this.readEach(rest)) return;
      if (
        !INTRO_VERB.test(restLower.slice(0, 30)) ||
        /^(?:track|note|record|log|store|keep)\b/.test(want[0].trim().split(/\s+/).pop() ?? "")
      ) {
        const target = this.focus ?? this.current ?? this.entities[0];
        if (target) {
          this.readBody(rest, target, false);
          return;
        }
      }
    }

    // "… books with title, author and a rating" (the thing before the connector, the list after).
    const connector = findTop(
      s,
      /\s+(?:with|having|including|containing|that (?:has|have|includes?|contains?|stores?|records?|tracks?)|which (?:has|have|includes?)|where (?:each|every) (?:one )?(?:has|gets)|where i can (?:add|note|record|track|store|enter|log|save|see)|so (?:that )?i can (?:add|note|record|track|store|enter|log|save|see))\s+/,
    );
    // (Not when the words before are themselves a list of things: "owners (…), their dogs (…) and
    // appointments for a dog with date and time" is read as a list below.)
    const beforeText = connector ? s.text.slice(0, connector.index).replace(/[\s,]+$/, "") : "";
    const listBefore =
      !!connector &&
      (findTop({ ...s, text: beforeText }, /\s*,\s*/) !== null ||
        (/\)\s+and\s+/.test(beforeText) && isTop(s, beforeText.length)));
    if (connector && !listBefore) {
      const before = sub(s, 0, connector.index);
      const after = sub(s, connector.index + connector.length);
      const entity = this.entityOfHead(before);
      this.readBody(after, entity, false, false);
      return;
    }

    // "Members borrow items", "Volunteers deliver parcels": two kinds of rows in one short statement.
    if (this.readSubjectVerbObject(s)) return;

    // "Track my plants and my seeds.", "A habit tracker.", "Event RSVPs".
    const intro = INTRO_VERB.exec(lower);
    const before = this.entities.length;
    if (intro) {
      this.readBody(sub(s, intro.index + intro[0].length), null, false, true);
      if (this.entities.length > before) return;
    } else if (/,|\band\b/.test(lower)) {
      // "invoice tracker for my cleaning business, client's name, address, amount": a head, then its
      // list (a comma where a colon would be).
      const firstComma = findTop(s, /\s*,\s*/);
      if (firstComma && (s.text.match(/,/g) ?? []).length >= 2) {
        const head = sub(s, 0, firstComma.index);
        const seen = CAN_OBJECT.exec(head.text.toLowerCase());
        const seenNp = seen ? leadingNounPhrase(sub(head, seen.index + seen[0].length)) : null;
        const clauseInHead = /\b(?:where|which|that|each|every|has|have|with|so|because)\b/i.test(head.text);
        const headEntity =
          seenNp && seenNp.plural && !notThing(seenNp)
            ? this.declare(seenNp, false)
            : !clauseInHead &&
                /\b(?:tracker|list|log|app|system|manager|planner|database|catalog|inventory|register|diary|journal|organi[sz]er)\b|\bfor (?:my|our)\b/i.test(
                  head.text,
                )
              ? this.entityOfHead(head)
              : null;
        if (headEntity) {
          this.readBody(sub(s, firstComma.index + firstComma.length), headEntity, true);
          return;
        }
      }
      // "Log my runs please. distance (km), time, route": a list of fields for the thing just named.
      const last = this.focus ?? this.current;
      if (
        last &&
        findTop(s, /\s*,\s*/) &&
        !this.listsThings(s) &&
        !INTRO_VERB.test(lower) &&
        !leadingNounPhrase(s)?.plural
      ) {
        this.readBody(s, last, true);
        return;
      }
      // "uni modules this term and the assessments in each module (…)": a list of things.
      const orphans = this.orphans.length;
      this.readBody(sub(s, LEAD_IN.exec(lower)?.[0].length ?? 0), null, false, true);
      if (this.entities.length > before) return;
      if (this.orphans.length > orphans && this.entityOfHead(s)) return;
      this.orphans.length = orphans;
    }
    // A sentence on its own ("I tutor maths", "I run a small bike shop") names a thing only as its subject.
    this.entityOfHead(s, false);
  }

  /**
   * "Members borrow items", "members book classes": two kinds of rows in one short statement; rows
   * on both sides of a verb that is not "has" are many-to-many ("members book classes").
   */
  private readSubjectVerbObject(s: Phrase): boolean {
    if (words(s).length > 7 || /[,:;(]/.test(s.text)) return false;
    const subject = leadingNounPhrase(s);
    if (!subject) return false;
    const verbWord = words(sub(s, subject.at - s.at + subject.words.length))[0];
    if (!verbWord || !(verbWord.tags.has("Verb") || verbWord.tags.has("PresentTense") || isPlural(verbWord.lower)))
      return false;
    const object = leadingNounPhrase(sub(s, verbWord.at - s.at + verbWord.text.length));
    if (
      !object ||
      !subject.plural ||
      !object.plural ||
      notThing(subject) ||
      notThing(object) ||
      isFieldWord(subject) ||
      isFieldWord(object) ||
      INTRO_VERB.test(`${verbWord.lower} `)
    )
      return false;
    const a = this.declare(subject, false);
    const b = this.declare(object, false);
    if (
      a !== b &&
      /^(?:book|books|take|takes|attend|attends|join|joins|borrow|borrows|rent|rents|follow|follows|play|plays|visit|visits|use|uses|enrol|enrols|enroll|enrolls|buy|buys|order|orders|read|reads|watch|watches)$/.test(
        verbWord.lower,
      ) &&
      !this.manyToMany.some(([x, y]) => (x === a.key && y === b.key) || (x === b.key && y === a.key))
    ) {
      // Only when both were named before as things with fields: "members book classes" joins them.
      if (a.fields.length > 0 && b.fields.length > 0) this.manyToMany.push([a.key, b.key]);
    }
    return true;
  }

  /** "Each book has a title…", "For each plant, I log…", "Every task is assigned to a team member". */
  private readEach(s: Phrase): boolean {
    const lower = s.text.toLowerCase();
    const previous = this.current;
    const each = EACH.exec(lower);
    let np: NounPhrase | null = null;
    let restAt = 0;
    if (each) {
      // "each lesson's date, what we practised and whether they paid": the lesson's fields.
      const owner = /^([\p{L}-]+(?:\s+[\p{L}-]+)?)'s?\s+/u.exec(lower.slice(each[0].length));
      // "each member's rating of each book out of 10": ratings, each of a member for a book.
      const ofEach = owner
        ? /^([\p{L}-]+)\s+(?:of|for|on|about)\s+(?:each|every|a|the)\s+([\p{L}-]+)/u.exec(
            lower.slice(each[0].length + owner[0].length),
          )
        : null;
      if (owner && ofEach) {
        const ownerNp = leadingNounPhrase(sub(s, each[0].length, each[0].length + owner[1]!.length), {
          nounFirst: true,
        });
        const otherAt = each[0].length + owner[0].length + ofEach[0].length - ofEach[2]!.length;
        const otherNp = leadingNounPhrase(sub(s, otherAt, otherAt + ofEach[2]!.length), { nounFirst: true });
        const thingAt = each[0].length + owner[0].length;
        const thingNp = leadingNounPhrase(sub(s, thingAt, thingAt + ofEach[1]!.length), { nounFirst: true });
        if (ownerNp && otherNp && thingNp && !notThing(ownerNp) && this.find(otherNp.key)) {
          const a = this.declare(ownerNp, false);
          const b = this.declare(otherNp, false);
          const made = this.declare(
            { ...thingNp, key: thingNp.key, table: tableName(thingNp.key), plural: true },
            false,
          );
          for (const x of [a, b])
            if (x !== made && !made.links.some((l) => l.to === x.key)) made.links.push({ to: x.key, required: true });
          this.addField(made, sub(s, thingAt));
          this.current = made;
          return true;
        }
      }
      if (owner) {
        const ownerNp = leadingNounPhrase(sub(s, each[0].length, each[0].length + owner[1]!.length));
        if (ownerNp && !notThing(ownerNp)) {
          const entity = this.declare(ownerNp, false);
          if (
            previous &&
            previous !== entity &&
            /\b(?:they|their|them)\b/.test(lower) &&
            !entity.links.some((l) => l.to === previous.key)
          )
            entity.links.push({ to: previous.key, required: true });
          this.readBody(sub(s, each[0].length + owner[0].length), entity, true);
          this.current = entity;
          return true;
        }
      }
      // "for each exam record the subject": the verb after the thing is not part of its name.
      const verbAfter =
        /^([\p{L}'-]+)\s+(?:record|note|log|track|list|store|keep|add|write|enter|save)\s+(?:the|a|an|its|their|down)\b/u.exec(
          lower.slice(each[0].length),
        );
      np = leadingNounPhrase(
        verbAfter ? sub(s, each[0].length, each[0].length + verbAfter[1]!.length) : sub(s, each[0].length),
        { nounFirst: true },
      );
      if (!np) return false;
      restAt = each[0].length + np.end;
    } else {
      // "Books have a title and an author.", "My kids have chores."
      const lead = LEAD_IN.exec(lower)?.[0].length ?? 0;
      np = leadingNounPhrase(sub(s, lead));
      // "A doctor has a name": one of them stands for all (a or an before it).
      if (!np || (!np.plural && !/^(?:a|an)\s+$/.test(lower.slice(lead, np.at - s.at)))) return false;
      restAt = np.at - s.at + np.words.length;
      const after = lower.slice(restAt);
      if (
        !/^\s+(?:(?:should|must|can|will|would|could|also|each|all|always|usually)\s+)*(?:has|have|need|needs|get|gets|contain|contains|include|includes|come with|comes with|hold|holds|store|belong to|belongs to|(?:is|are) (?:assigned|linked|attached) to)\b/.test(
          after,
        )
      ) {
        // "Boxes sit in a freezer and have a label": what they do (linked once all is read), then what they have.
        const andHas =
          /^\s+(?:(?:can|may|will|must|should|also|usually|often|are|is)\s+)*[a-z]+(?:\s+[a-z']+){0,5}?\s+and\s+(?=(?:also\s+)?(?:has|have|need|needs|get|gets|carry|carries)\b)/.exec(
            after,
          );
        const verbWord = andHas ? words(sub(s, restAt))[0] : undefined;
        if (
          !andHas ||
          !verbWord ||
          !(verbWord.tags.has("Verb") || /^(?:is|are|can|may|will|must|should)$/.test(verbWord.lower))
        )
          return false;
        restAt += andHas[0].length - 1;
      }
    }
    // "Each flat has an address", "every class has a teacher": said of each one, a word that often
    // only frames an app (flat, class, shop) is a thing kept.
    if (
      each &&
      !NON_ENTITY.test(np.key) &&
      EACH_HAS.test(lower.slice(restAt)) &&
      !/^\s*with\b/.test(lower.slice(restAt))
    ) {
      // (read on below)
    } else if (notThing(np)) return false;
    const entity = this.declare(np, false);
    // "each book they finish", "each lesson … whether they paid": "they" are the rows named before.
    if (
      previous &&
      previous !== entity &&
      /\b(?:they|their|them)\b/.test(lower) &&
      !entity.links.some((l) => l.to === previous.key)
    )
      entity.links.push({ to: previous.key, required: true });
    const rest = sub(s, restAt);
    const restLower = rest.text.toLowerCase();
    const forEach = each && /^(?:(?:and|also|then|plus)\s+)?(?:for|per)\b/.test(lower);
    if (forEach) {
      // "For each plant, (I want to) log waterings with a date" / "For each book: title, author".
      let body = trim(rest);
      const want =
        /^(?:(?:i|we)(?:'d| would)?\s+(?:also\s+)?(?:want|need|like|wanna|will|'ll)?(?:\s+to)?(?:\s+be able to)?\s*)?(?:(?:track|log|record|note|store|keep(?: track of)?|save|see|know|have|add|write down|list|capture|enter)\b)?\s*(?:there (?:is|are|will be) (?:(?:a|an) (?:list|set|number|series) of )?)?/.exec(
          body.text.toLowerCase(),
        );
      if (want) body = sub(body, want[0].length);
      const child = this.childClause(body);
      if (child) {
        child.entity.links.push({ to: entity.key, required: true });
        if (child.rest) this.readBody(child.rest, child.entity, false);
        this.current = child.entity;
        return true;
      }
      this.readBody(body, entity, true);
      this.current = entity;
      return true;
    }
    const link = LINK_VERB.exec(restLower);
    if (link && !/^\s*with\b/.test(restLower)) {
      const after = sub(rest, link[0].length);
      const target = leadingNounPhrase(after);
      if (target && (!notThing(target) || this.find(target.key))) {
        const many = /\bmany|several|multiple|more than one\b/.test(restLower.slice(0, link[0].length + 12));
        const other = this.declare(target, false);
        if (many) this.manyToMany.push([entity.key, other.key]);
        else if (!entity.links.some((l) => l.to === other.key))
          entity.links.push({ to: other.key, required: /logged|recorded/.test(link[0]) });
        const more = /^\s*(?:,?\s*(?:and|with)\s+(?:has|have|gets?|needs?|with)?\s*)(.+)$/.exec(
          after.text.slice(target.end),
        );
        if (more) this.readBody(sub(after, target.end + more[0].length - more[1]!.length), entity, false);
        this.current = entity;
        return true;
      }
    }
    const has = EACH_HAS.exec(restLower);
    if (has) {
      this.readBody(sub(rest, has[0].length), entity, true);
      this.current = entity;
      return true;
    }
    // "each book they finish (title and date)", "every walk we do: date, distance": the list after the clause.
    const clause =
      /^\s*(?:(?:that|which)\s+)?(?:i|we|you|they|he|she)\s+[\p{L}']+(?:\s+[\p{L}']+)?\s*(?:\(|:\s*|—\s*|with\s+)/u.exec(
        restLower,
      );
    if (clause) {
      const bracket = clause[0].trimEnd().endsWith("(");
      const end =
        bracket && rest.text.lastIndexOf(")") > clause[0].length ? rest.text.lastIndexOf(")") : rest.text.length;
      this.readBody(sub(rest, clause[0].length, end), entity, true);
      this.current = entity;
      return true;
    }
    return false;
  }

  /** "X belongs to a Y", "X can have many Y", "todos for projects": links; the sentence is read on as usual. */
  private readRelations(s: Phrase): boolean {
    const lower = s.text.toLowerCase();
    const links = () => this.entities.reduce((n, e) => n + e.links.length + e.hasMany.size, 0) + this.manyToMany.length;
    const before = links();
    const belongs =
      /\b(?:that|which|who)?\s*(?:belongs? to|belonging to|(?:is|are|get|gets) (?:assigned|linked|attached|tied|connected) to|(?:is|are) part of|(?:can|may) (?:belong to|be in|be part of))\s+/g;
    for (const m of lower.matchAll(belongs)) {
      const left = trailingNounPhrase(sub(s, 0, m.index));
      const right = leadingNounPhrase(sub(s, m.index + m[0].length));
      if (!left || !right || (notThing(left) && !this.find(left.key)) || (notThing(right) && !this.find(right.key)))
        continue;
      const a = this.declare(left, false);
      const b = this.declare(right, false);
      if (a === b) continue;
      const many =
        /\b(?:many|several|multiple|more than one)\b/.test(
          lower.slice(m.index + m[0].length, m.index + m[0].length + 25),
        ) ||
        (/\b(?:can|may)\b/.test(m[0]) && right.plural);
      if (many) {
        if (!this.manyToMany.some(([x, y]) => (x === a.key && y === b.key) || (x === b.key && y === a.key)))
          this.manyToMany.push([a.key, b.key]);
      } else if (!a.links.some((l) => l.to === b.key)) a.links.push({ to: b.key, required: false });
    }
    // "a course has many students" (theirs); "a student can take many courses", "volunteers sign up
    // for many shifts" (rows on both sides: many-to-many).
    const many =
      /\s+(?:can |may |will |should |often |usually |could |might |also )?([a-z]+)(\s+(?:up|in|on|out|into|onto|to|for|with|at|from))*\s+(?:many|several|multiple|lots of|a list of|one or more|a few|any number of|their own|its own|more than one|a number of)\s+/g;
    for (const m of lower.matchAll(many)) {
      const verb = m[1]!;
      if (/^(?:and|or|with|of|for|in|to|be|is|are|was|were|the|a|an|how|so|too|as)$/.test(verb)) continue;
      const left = trailingNounPhrase(sub(s, 0, m.index));
      const right = leadingNounPhrase(sub(s, m.index + m[0].length));
      if (!left || !right || notThing(left) || notThing(right) || (isFieldWord(right) && !this.find(right.key)))
        continue;
      const a = this.declare(left, false);
      const b = this.declare(right, false);
      if (a === b) continue;
      if (
        /^(?:has|have|had|contain|contains|hold|holds|include|includes|own|owns|get|gets|keep|keeps|store|stores|list|lists)$/.test(
          verb,
        )
      )
        a.hasMany.add(b.key);
      else if (!this.manyToMany.some(([x, y]) => (x === a.key && y === b.key) || (x === b.key && y === a.key)))
        this.manyToMany.push([a.key, b.key]);
    }
    // "setlists link gigs to songs", "visits that assign a cleaner to a house": rows that join two others.
    for (const m of lower.matchAll(
      /\s+(?:that\s+|which\s+|who\s+)?(?:link|links|connect|connects|match|matches|pair|pairs|assign|assigns|attach|attaches|join|joins|map|maps|put|puts)\s+(?:(?:a|an|the|each|every|one)\s+)?/g,
    )) {
      const left = trailingNounPhrase(sub(s, 0, m.index));
      const first = leadingNounPhrase(sub(s, m.index + m[0].length), { nounFirst: true });
      if (!left || !first || !left.plural || notThing(left) || (notThing(first) && !this.find(first.key))) continue;
      const afterFirst = first.at - s.at + first.words.length;
      const to = /^\s+(?:to|with|and|into|onto)\s+(?:(?:a|an|the|each|every|one)\s+)?/.exec(lower.slice(afterFirst));
      const second = to ? leadingNounPhrase(sub(s, afterFirst + to[0].length), { nounFirst: true }) : null;
      if (!second || (notThing(second) && !this.find(second.key))) continue;
      const join = this.declare(left, false);
      for (const np of [first, second]) {
        const other = this.declare(np, false);
        if (other !== join && !join.links.some((l) => l.to === other.key))
          join.links.push({ to: other.key, required: true });
      }
      this.current = join;
    }
    // "an animal gets adopted by one adopter", "each post is written by an author": the second is the one.
    for (const m of lower.matchAll(
      /\s+(?:is|are|gets?|get|was|were)\s+(?:[a-z]+ed|written|taken|given|done|made|run|led|owned|kept|sold|bought|seen|held)\s+by\s+(?:one|a|an|the|exactly one|a single)\s+/g,
    )) {
      const left = trailingNounPhrase(sub(s, 0, m.index));
      const right = leadingNounPhrase(sub(s, m.index + m[0].length));
      if (!left || !right || (notThing(left) && !this.find(left.key)) || (notThing(right) && !this.find(right.key)))
        continue;
      const a = this.declare(left, false);
      const b = this.declare(right, false);
      if (a !== b && !a.links.some((l) => l.to === b.key)) a.links.push({ to: b.key, required: false });
    }
    if (/many[- ]to[- ]many/.test(lower)) {
      const nps = nounPhrasesIn(s).filter((np) => !notThing(np) && np.plural);
      if (nps.length >= 2) {
        const a = this.declare(nps[0]!, false);
        const b = this.declare(nps[1]!, false);
        if (a !== b && !this.manyToMany.some(([x, y]) => (x === a.key && y === b.key) || (x === b.key && y === a.key)))
          this.manyToMany.push([a.key, b.key]);
      }
    }
    // "todos for projects", "waterings for each plant": rows for other rows, when both are things.
    const forEach = /\s+(?:for|per)\s+(?:each|every|a|an|one|specific)?\s*/g;
    for (const m of lower.matchAll(forEach)) {
      if (/\bfor (?:my|our|me|us|the|your|his|her|their|all)\b/.test(lower.slice(m.index, m.index + m[0].length + 6)))
        continue;
      const left = trailingNounPhrase(sub(s, 0, m.index));
      const right = leadingNounPhrase(sub(s, m.index + m[0].length));
      if (!left || !right || !left.plural || notThing(left) || notThing(right)) continue;
      if (!/(?:each|every|a|an|one|specific)\s*$/.test(m[0]) && !right.plural) continue;
      const a = this.declare(left, false);
      const b = this.declare(right, false);
      if (a === b) continue;
      if (!a.links.some((l) => l.to === b.key)) a.links.push({ to: b.key, required: true });
      this.current = a;
    }
    return links() > before;
  }

  /** "waterings with a date and amount": a child thing with its fields (plural noun + connector). */
  private childClause(p: Phrase): { entity: EntityDraft; rest: Phrase | null } | null {
    const np = leadingNounPhrase(p);
    if (!np || !np.plural || notThing(np) || isFieldWord(np)) return null;
    const after = p.text.slice(np.end);
    const conn = /^\s*(?:with|having|including|containing|:|—|\()\s*/.exec(after);
    if (!conn && after.trim() && !/^[\s.,;]*$/.test(after)) return null;
    const entity = this.declare(np, false);
    return { entity, rest: conn ? sub(p, np.end + conn[0].length) : null };
  }

  /**
   * Reads a list: fields of `entity`, or new things where an item names one ("clients with name,
   * phone; appointments with a client …"). `listed`: the list reads as complete (a colon, bullets,
   * "each X has"). `things`: items with no fields are things to keep (after "track …").
   */
  private readBody(body: Phrase, entity: EntityDraft | null, listed: boolean, things = entity === null): void {
    // With nothing open, a list is things to keep only if most of its items read as things
    // ("companies, contacts and deals"); otherwise its items are fields of a thing named later.
    if (things && entity === null) {
      const items = splitTop(body, /\s*;\s*/).flatMap((part) => splitItems(part));
      const thingCount = items.filter((item) => {
        const shape = clauseShape(item);
        if (!shape) return false;
        if (shape.conn || shape.relation) return shape.thing;
        return shape.np.plural && !isFieldWord(shape.np) && bareThing(item, shape.np);
      }).length;
      const first = items[0] ? clauseShape(items[0]) : null;
      const firstIsThing =
        !!first &&
        (first.conn || first.relation
          ? first.thing
          : first.np.plural && !isFieldWord(first.np) && bareThing(items[0]!, first.np));
      if (!firstIsThing && thingCount * 2 < items.length) {
        things = false;
        if (listed) this.orphansListed = true;
      }
    }
    let open = entity;
    let openCount = 0;
    let openListed = listed;
    let prevThing: EntityDraft | null = null;
    let lastItem: Phrase | null = null;
    const afterThing = new Map<EntityDraft, number>();
    /** The things this list named, in order. */
    const named: EntityDraft[] = [];
    const finish = () => {
      if (open && openCount > 0 && (openListed || openCount >= 3 || hasNamingField(open))) open.complete = true;
    };
    for (const part of splitTop(body, /\s*;\s*|\.\s+(?=[A-Za-z])/)) {
      const items = splitItems(part);
      for (let idx = 0; idx < items.length; idx++) {
        const item = items[idx]!;
        if (this.readSubjectVerbObject(item)) continue;
        // "Gym: classes have a name, an instructor and a time; members book classes": a statement inside the list.
        if (HAS_STATEMENT.test(item.text.toLowerCase()) && !/^(?:each|every|for)\b/.test(item.text.toLowerCase())) {
          const statement = sub(part, item.at - part.at);
          if (this.readEach(statement)) {
            finish();
            open = null;
            break;
          }
        }
        // "…, each task assigned to a team member", "and for each interview a score from 1 to 4 and a
        // recommendation", "then log each book they finish (title and date)": a statement of its own,
        // to the end of this part of the list.
        const eachAt =
          /^(?:(?:and|then|and then|also)\s+)?(?:(?:log|track|record|note|add|enter|keep|write down)\s+)?(?=(?:for\s+)?(?:each|every|per)\s)/.exec(
            item.text.toLowerCase(),
          );
        // ("each pupil's house" in a list is a field; "each member's score for each book" a thing of its own.)
        const possessive =
          /^(?:for\s+)?(?:each|every)\s+[\p{L}-]+'s?\s(?![\p{L}-]+\s+(?:of|for|on|about)\s+(?:each|every)\s)/u.test(
            item.text.toLowerCase().slice(eachAt?.[0].length ?? 0),
          );
        if (eachAt && EACH.test(item.text.toLowerCase().slice(eachAt[0].length)) && !(possessive && open)) {
          const statement = sub(part, item.at - part.at + eachAt[0].length);
          const before = new Set(this.entities);
          if (this.readEach(statement)) {
            // "candidates, interviewers, and for each interview a score": an interview is of a
            // candidate, by an interviewer (the things listed before it).
            const made = this.current;
            if (things && made && !before.has(made)) {
              for (const other of named.slice(-2))
                if (other !== made && !made.links.some((l) => l.to === other.key))
                  made.links.push({ to: other.key, required: false });
            }
            finish();
            open = null;
            break;
          }
        }
        // "people can list plants they want to swap with a photo": what they list is a thing with its list.
        const canList = CAN_OBJECT.exec(item.text.toLowerCase());
        if (canList) {
          const rest = sub(item, canList.index + canList[0].length);
          const shape = clauseShape(rest);
          if (shape?.np.plural && !notThing(shape.np)) {
            const clause = this.entityClause(rest, false);
            const e = clause?.entity ?? this.declare(shape.np, false);
            finish();
            open = e;
            openCount = clause?.rest && this.addField(e, clause.rest) ? 1 : 0;
            openListed = false;
            prevThing = e;
            continue;
          }
        }
        // "pets …: anyone can post a lost or found pet with a description, the area": the thing
        // again, with its fields (and "lost or found" a choice of its own).
        const again = open ? clauseShape(item) : null;
        if (open && again?.conn && !again.conn.bracket && this.find(again.np.key) === open) {
          const before = item.text.slice(0, again.np.at - item.at).toLowerCase();
          const or = /\b([\p{L}-]+)\s+or\s+([\p{L}-]+)\s*$/u.exec(before.trim());
          if (or && !open.fields.some((f) => f.name === "status"))
            open.fields.push({
              name: "status",
              kind: "enum",
              options: [snakeCase(or[1]!), snakeCase(or[2]!)],
              optionsGiven: true,
              cued: true,
              words: or[0],
            });
          if (this.addField(open, sub(item, again.conn.at))) openCount++;
          continue;
        }
        const clause = this.entityClause(item, open !== null);
        if (clause) {
          finish();
          if (!named.includes(clause.entity)) named.push(clause.entity);
          open = clause.entity;
          openCount = 0;
          openListed = clause.viaColon;
          prevThing = clause.entity;
          if (clause.relationTo) {
            const target = this.declare(clause.relationTo, false);
            if (target !== clause.entity && !clause.entity.links.some((l) => l.to === target.key))
              clause.entity.links.push({ to: target.key, required: clause.required });
            // "contacts that belong to companies": a thing, not an open list of fields.
            if (things) open = null;
          }
          if (clause.rest && this.addField(clause.entity, clause.rest)) openCount++;
          // "laptops (…), and loans — who has it": "it" is the thing named before.
          const earlier = named[named.length - 2];
          if (
            clause.rest &&
            earlier &&
            /^(?:who|whoever)\b.*\b(?:it|them)\b/.test(clause.rest.text.toLowerCase()) &&
            !clause.entity.links.some((l) => l.to === earlier.key)
          )
            clause.entity.links.push({ to: earlier.key, required: true });
          this.current = clause.entity;
          if (things && !clause.rest && !clause.keepOpen) open = null;
          continue;
        }
        // "customers …, and a stamp each time they visit (with the date)": a row per event of the thing before.
        const perEvent =
          /^(?:(?:and|also)\s+)?(?:a|an|one)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+(?:each|every)\s+time\s+(?:they|he|she|it|someone|a customer|the customer)\b[^(]*?(?:\((?:with\s+)?([^)]*)\))?\s*$/u.exec(
            item.text.toLowerCase(),
          );
        if (perEvent && (prevThing ?? open)) {
          const holder: EntityDraft = (prevThing ?? open)!;
          const np = leadingNounPhrase(sub(item, item.text.toLowerCase().indexOf(perEvent[1]!)), { nounFirst: true });
          if (np && !notThing(np)) {
            const e = this.declare(np, false);
            if (e !== holder && !e.links.some((l) => l.to === holder.key))
              e.links.push({ to: holder.key, required: true });
            if (perEvent[2])
              for (const it of splitItems(
                sub(
                  item,
                  item.text.toLowerCase().lastIndexOf(perEvent[2]),
                  item.text.toLowerCase().lastIndexOf(perEvent[2]) + perEvent[2].length,
                ),
              ))
                this.addField(e, it);
            continue;
          }
        }
        // "students and their grades": a thing that belongs to the one before.
        const their = /^(?:their|its|his|her)\s+/.exec(item.text.toLowerCase());
        if (their && prevThing && (open === null || open === prevThing || things)) {
          const rest = sub(item, their[0].length);
          const shape = clauseShape(rest);
          const np = shape?.np;
          if (np && np.plural && (shape.thing || (!shape.conn && !isFieldWord(np))) && !notThing(np)) {
            const parent: EntityDraft = prevThing;
            const clause = this.entityClause(rest, false);
            const child = clause?.entity ?? this.declare(np, false);
            if (child !== parent && !child.links.some((l) => l.to === parent.key))
              child.links.push({ to: parent.key, required: true });
            if (clause?.rest) this.addField(child, clause.rest);
            open = clause?.rest ? child : things ? null : open;
            if (clause?.rest) openCount = 1;
            continue;
          }
        }
        // "each trip has packing items, each with a checkbox": the plural item before is a thing of its own.
        const childList = CHILD_LIST.exec(item.text.toLowerCase());
        if (childList && open && lastItem && idx > 0) {
          const hadMany = MANY.test(lastItem.text.toLowerCase());
          const np = leadingNounPhrase(sub(lastItem, MANY.exec(lastItem.text.toLowerCase())?.[0].length ?? 0));
          if (np && np.plural && (hadMany || !isAttributeWord(np)) && !notThing(np)) {
            const parent: EntityDraft = open;
            parent.fields = parent.fields.filter(
              (f) =>
                f.words !== trim(sub(lastItem!, MANY.exec(lastItem!.text.toLowerCase())?.[0].length ?? 0)).text &&
                f.words !== trim(lastItem!).text,
            );
            const child = this.declare(np, false);
            if (child !== parent && !child.links.some((l) => l.to === parent.key))
              child.links.push({ to: parent.key, required: true });
            finish();
            open = child;
            openCount = 0;
            openListed = false;
            prevThing = child;
            if (this.addField(child, sub(item, childList[0].length))) openCount++;
            lastItem = item;
            continue;
          }
        }
        lastItem = item;
        const choices = open ? optionsAfter(item) : null;
        const lastField = open?.fields[open.fields.length - 1];
        if (choices && lastField && (lastField.kind === "text" || lastField.kind === "enum")) {
          Object.assign(lastField, { kind: "enum", options: choices, optionsGiven: true, cued: true });
          continue;
        }
        if (open) {
          // "many maintenance requests with a description": a thing of the open one, with its own list.
          if (MANY.test(item.text.toLowerCase())) {
            const rest = sub(item, MANY.exec(item.text.toLowerCase())![0].length);
            const shape = clauseShape(rest);
            if (shape?.conn && shape.np.plural && !isAttributeWord(shape.np)) {
              const parent: EntityDraft = open;
              const clause = this.entityClause(rest, false);
              if (clause) {
                if (clause.entity !== parent && !clause.entity.links.some((l) => l.to === parent.key))
                  clause.entity.links.push({ to: parent.key, required: true });
                finish();
                open = clause.entity;
                openCount = clause.rest && this.addField(clause.entity, clause.rest) ? 1 : 0;
                openListed = clause.viaColon;
                prevThing = clause.entity;
                continue;
              }
            }
          }
          if (this.addField(open, item)) openCount++;
          continue;
        }
        // "stuff like clean gutters, service boiler": examples of something, not things to keep.
        const examples = /\b(?:like|such as|eg|for example|for instance)\s/i.exec(part.text);
        if (things && !open && examples && item.at - part.at >= examples.index) continue;
        // No open list: a thing to keep ("companies"), or a field of the thing before, or for later.
        const np = leadingNounPhrase(item);
        if (things && np && np.plural && bareThing(item, np) && !notThing(np) && this.isThingWord(np)) {
          const e = this.declare(np, false);
          if (!named.includes(e)) named.push(e);
          // "requests …, and the volunteers who take them on": each request has its volunteer.
          if (
            prevThing &&
            prevThing !== e &&
            /\b(?:who|that|which)\b.*\b(?:them|it)\b/.test(item.text.toLowerCase().slice(np.end)) &&
            !prevThing.links.some((l) => l.to === e.key)
          )
            prevThing.links.push({ to: e.key, required: false });
          prevThing = e;
          this.current = e;
          continue;
        }
        if (things && prevThing) {
          if (this.addField(prevThing, item)) {
            const n = (afterThing.get(prevThing) ?? 0) + 1;
            afterThing.set(prevThing, n);
            if (n >= 3) prevThing.complete = true;
          }
          continue;
        }
        const field = readField(item, { domain: this.domain });
        if (field) this.orphans.push(field);
      }
    }
    finish();
  }

  /** Whether a list names things to keep rather than fields ("clients with …; appointments with …"). */
  private listsThings(body: Phrase, clausesOnly = false): boolean {
    const items = splitTop(body, /\s*;\s*/).flatMap((part) => splitItems(part));
    const things = items.map((item) => {
      const their = /^(?:their|its)\s+/.exec(item.text.toLowerCase());
      const shape = clauseShape(their ? sub(item, their[0].length) : item);
      if (!shape) return false;
      if (shape.conn || shape.relation) return shape.thing;
      return (
        shape.np.plural &&
        isPlural(shape.np.words.split(/\s+/).pop()!) &&
        !isFieldWord(shape.np) &&
        bareThing(item, shape.np)
      );
    });
    // After a head that is a thing itself, only a list that starts with a thing lists things.
    if (clausesOnly) return things[0] === true;
    return things[0] === true || things.filter(Boolean).length >= 2;
  }

  /** A plural noun that is not a field word, or a known kind of row. */
  private isThingWord(np: NounPhrase): boolean {
    return !!templateForNoun(np.key) || this.entities.some((e) => e.key === np.key) || (np.plural && !isFieldWord(np));
  }

  /**
   * An item that starts a new thing: "clients with name", "deals with an amount", "books (title,
   * author)", "contacts that belong to companies", "Members — name, email", "the assessments in
   * each module (name, weight, due date)".
   */
  private entityClause(
    item: Phrase,
    inFields: boolean,
  ): {
    entity: EntityDraft;
    rest: Phrase | null;
    relationTo?: NounPhrase;
    required: boolean;
    viaColon: boolean;
    keepOpen?: boolean;
  } | null {
    const shape = clauseShape(item);
    if (!shape) return null;
    const { np, conn, relation } = shape;
    const known = this.entities.some((e) => e.key === np.key);
    // Inside a field list, a thing needs to look like one: plural with its own list ("members with
    // name and email"), not an attribute with details ("notes with …", "pace (social or fast)").
    const thingy = shape.thing || (!inFields && np.plural && (known || !!templateForNoun(np.key)) && !!conn);
    if (!thingy) return null;
    if (relation && inFields && !known && !conn) return null;
    const entity = this.declare(np, false);
    if (!conn)
      return {
        entity,
        rest: null,
        ...(relation ? { relationTo: relation.target } : {}),
        required: relation?.required ?? false,
        viaColon: false,
        keepOpen: shape.joins === true,
      };
    let rest: Phrase | null = trim(sub(item, conn.at));
    if (conn.bracket)
      rest = trim(
        sub(item, conn.at, item.text.lastIndexOf(")") > conn.at ? item.text.lastIndexOf(")") : item.text.length),
      );
    if (rest && !/[\p{L}\p{N}]/u.test(rest.text)) rest = null;
    // "books (title, author)": the bracket holds a whole list.
    if (rest && conn.bracket) {
      for (const part of splitTop(rest, /\s*;\s*/)) for (const it of splitItems(part)) this.addField(entity, it);
      entity.complete = true;
      return {
        entity,
        rest: null,
        ...(relation ? { relationTo: relation.target } : {}),
        required: relation?.required ?? false,
        viaColon: true,
      };
    }
    return {
      entity,
      rest,
      ...(relation ? { relationTo: relation.target } : {}),
      required: relation?.required ?? false,
      viaColon: conn.colon,
    };
  }

  private addField(entity: EntityDraft, item: Phrase): boolean {
    let p = trim(item);
    // "who is on each shift", "who played in each match": people and those rows, many to many.
    const whoEach =
      /^(?:and\s+)?who(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+[\p{L}' ]*?\b(?:on|in|at|for|to|with)\s+(?:each|every|a|the)\s+([\p{L}-]+)\s*$/u.exec(
        p.text.toLowerCase(),
      );
    if (whoEach) {
      const other = this.find(singularize(snakeCase(whoEach[1]!)));
      const people = this.entities.find(
        (e) =>
          e !== other &&
          (PEOPLE_NOUNS.test(e.key) ||
            PEOPLE_NOUNS.test(e.key.split("_").pop()!) ||
            (e.plural && this.entities.indexOf(e) === 0)),
      );
      if (
        other &&
        people &&
        !this.manyToMany.some(
          ([x, y]) => (x === people.key && y === other.key) || (x === other.key && y === people.key),
        )
      ) {
        this.manyToMany.push([people.key, other.key]);
        return true;
      }
    }
    // "each pupil's house", "the dog's breed": who it is about, and the thing about them.
    const whose = /^(?:each|every)\s+([\p{L}-]+)'s?\s+(.+)$/u.exec(p.text);
    if (whose) {
      const key = singularize(snakeCase(whose[1]!));
      if (key && key !== entity.key && !entity.fields.some((f) => f.name === key))
        entity.fields.push({ name: key, kind: "text", target: key, words: whose[1]! });
      p = sub(p, p.text.length - whose[2]!.length);
    }
    // "which pupil borrowed which book", "which scouts have earned which badge": two links in one.
    const pair =
      /^which\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+(?:[\p{L}']+\s+){1,3}?which\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s*$/u.exec(
        p.text.toLowerCase(),
      );
    if (pair) {
      const [a, b] = [pair[1]!, pair[2]!].map((w) =>
        w
          .trim()
          .split(/\s+/)
          .filter((x) => !/^(?:has|have|had|is|are|was|were|it|they)$/.test(x))
          .join(" "),
      );
      let added = false;
      for (const words of [a!, b!]) {
        const key = singularize(snakeCase(words));
        if (!key) continue;
        if (key === entity.key) continue;
        const plural = isPlural(words.split(/\s+/).pop()!);
        const mentionsEntity = singularize(snakeCase(b!)) === entity.key || singularize(snakeCase(a!)) === entity.key;
        entity.fields.push({
          name: key,
          kind: "text",
          target: key,
          words,
          ...(plural && mentionsEntity ? { join: true } : {}),
        });
        added = true;
      }
      return added;
    }
    const many = MANY.exec(p.text.toLowerCase());
    if (many) p = sub(p, many[0].length);
    const field = readField(p, { entity: entity.key, domain: this.domain });
    if (!field) return false;
    if (many && !field.cued) {
      field.many = true;
      field.target ??= singularize(field.name);
    }
    // "one column per thing named": a second mention of the same name adds what it says.
    const same = entity.fields.find((f) => f.name === field.name);
    if (same) {
      if (field.options && !same.optionsGiven)
        Object.assign(same, { kind: field.kind, options: field.options, optionsGiven: field.optionsGiven });
      if (field.min !== undefined) same.min = field.min;
      if (field.max !== undefined) same.max = field.max;
      return true;
    }
    entity.fields.push(field);
    this.focus = entity;
    return true;
  }

  /** The thing a head phrase names ("Track my workouts", "A small collection of board games"). */
  private entityOfHead(head: Phrase, objects = true): EntityDraft | null {
    const lower = head.text.toLowerCase();
    const lead = LEAD_IN.exec(lower)?.[0].length ?? 0;
    // "a page where people can sign up to our newsletter": the sign-ups are the rows.
    const act =
      /\b(?:people|anyone|everyone|visitors|guests|the public|customers|parents|neighbou?rs|fans|readers)\s+(?:can|could|will|may|should be able to)\s+(sign up|register|subscribe|rsvp|enter|apply|vote|volunteer|enrol|enroll)\b/.exec(
        lower,
      );
    if (act) {
      const key = (
        {
          "sign up": "sign_up",
          register: "registration",
          subscribe: "subscriber",
          rsvp: "rsvp",
          enter: "entry",
          apply: "application",
          vote: "vote",
          volunteer: "volunteer",
          enrol: "enrolment",
          enroll: "enrollment",
        } as Record<string, string>
      )[act[1]!]!;
      return this.declare(
        {
          key,
          table: tableName(key),
          words: tableName(key).replace(/_/g, " "),
          plural: true,
          at: head.at + act.index,
          end: act.index + act[0].length,
          appCompound: false,
          tail: act.index + act[0].length,
        },
        false,
      );
    }
    // "a page where our neighbours can post things they're giving away": what they post.
    const seen = CAN_OBJECT.exec(lower);
    const seenNp = seen ? leadingNounPhrase(sub(head, seen.index + seen[0].length)) : null;
    if (seenNp && seenNp.plural && !notThing(seenNp) && !isFieldWord(seenNp)) return this.declare(seenNp, false);
    const intro = INTRO_VERB.exec(lower.slice(lead));
    if (intro) {
      const at = lead + intro.index + intro[0].length;
      // "I have lots of vinyl and I want to catalogue it": "it" is the thing named before.
      if (/^(?:it|them|these|those)\b/.test(lower.slice(at))) {
        const before = nounPhrasesIn(sub(head, lead, lead + intro.index)).find(
          (x) => !notThing(x) && !isFieldWord(x) && !/^(?:lot|lots|bunch|ton|tons|load|loads|collection)$/.test(x.key),
        );
        if (before) return this.declare(before, false);
      }
      // "track which kids have handed in their slip and paid": the kids, with a yes/no for each.
      const which = /^which\s+/.exec(lower.slice(at));
      if (which) {
        const np = leadingNounPhrase(sub(head, at + which[0].length), { nounFirst: true });
        if (np && np.plural && !notThing(np)) {
          const entity = this.declare(np, false);
          const rest = /\b(?:have|has|had|are|is|did|do)\s+(.+)$/.exec(lower.slice(np.at - head.at + np.words.length));
          if (rest) {
            const start = lower.length - rest[1]!.length;
            for (const item of splitItems(sub(head, start))) {
              const f = readField(sub(item, 0), { entity: entity.key, domain: this.domain });
              if (f)
                entity.fields.push({
                  ...f,
                  kind: "boolean",
                  name: f.name.replace(/^(?:their|its|the)_/, ""),
                  cued: true,
                });
            }
          }
          return entity;
        }
      }
      const np = leadingNounPhrase(sub(head, at));
      // "track the hours I work for each client": a unit of time is what is measured, not the rows.
      const unitOfTime = np && /^(?:hours?|minutes?|days?|weeks?|months?|years?|time)$/.test(np.words.toLowerCase());
      if (np && !unitOfTime && !notThing(np) && !this.isAppPhrase(np))
        return this.declare(np, !np.plural && !templateForNoun(np.key));
    }
    // "… for my plants" (plural: the things); "for my hair salon" is who the app is for.
    const forMy =
      /\bfor\s+(?!each\b|every\b|a\b|an\b|one\b|me\b|us\b|him\b|her\b|them\b)(?:(?:my|our|all (?:my|our|the)|the)\s+)?/.exec(
        lower,
      );
    if (forMy) {
      const np = leadingNounPhrase(sub(head, forMy.index + forMy[0].length));
      // ("for my kids", "for our members": who uses it, not what it keeps.)
      if (
        np &&
        np.plural &&
        isPlural(np.words.split(/\s+/).pop()!) &&
        !notThing(np) &&
        !isFieldWord(np) &&
        !PEOPLE_NOUNS.test(np.key.split("_").pop()!)
      )
        return this.declare(np, false);
    }
    const np = leadingNounPhrase(sub(head, lead));
    if (np && !notThing(np) && !this.isAppPhrase(np) && (np.plural || np.appCompound))
      return this.declare(np, np.appCompound);
    // "Our farm shop takes egg orders from neighbours": the first thing in the plural, wherever it stands.
    const object = objects
      ? nounPhrasesIn(sub(head, lead)).find(
          (x) =>
            x.plural &&
            isPlural(x.words.split(/\s+/).pop()!) &&
            !notThing(x) &&
            !isFieldWord(x) &&
            !this.isAppPhrase(x),
        )
      : undefined;
    if (object) return this.declare(object, false);
    if (!np || notThing(np) || this.isAppPhrase(np)) return null;
    // A frame in the singular ("a booking system", "my dog-walking business") is kept only if nothing else is named.
    return this.declare(np, true);
  }

  /** "reading list", "address book", "CRM": app words that stand for rows of their own. */
  private isAppPhrase(np: NounPhrase): boolean {
    const phrase = np.appCompound
      ? `${np.words} ${/\b(?:list|book|tracker|log|app|system|manager)\b/.exec(this.domain.slice(np.at - this.root.at + np.words.length, np.at - this.root.at + np.words.length + 12))?.[0] ?? ""}`
      : np.words;
    return APP_WORDS.some(
      (a) => phrase.toLowerCase().search(a.re) === 0 && !templateForNoun(np.key) && !a.tables.includes(np.table),
    );
  }

  declare(np: NounPhrase, tentative: boolean): EntityDraft {
    const existing = this.find(np.key);
    if (existing) {
      if (!tentative) existing.tentative = false;
      this.current = existing;
      return existing;
    }
    const key = np.key;
    // "Event RSVPs", "habit check-ins": two known kinds of rows, the second belonging to the first.
    const parts = np.appCompound
      ? [key]
      : snakeCase(np.words)
          .split("_")
          .map((w, i, all) => (i === all.length - 1 ? singularize(w) : w));
    for (let cut = parts.length - 1; cut >= 1; cut--) {
      const headTemplate = templateForNoun(parts.slice(cut).join("_"));
      const modifier = parts.slice(0, cut).join("_");
      const modTemplate = templateForNoun(modifier);
      if (headTemplate && modTemplate && headTemplate.relations?.some((r) => r.to === modTemplate.table)) {
        const parent = this.declare(
          { ...np, key: modifier, table: tableName(modifier), words: modifier.replace(/_/g, " ") },
          tentative,
        );
        const child = this.declare(
          {
            ...np,
            key: parts.slice(cut).join("_"),
            table: tableName(parts.slice(cut).join("_")),
            words: np.words.split(/\s+/).slice(cut).join(" "),
          },
          tentative,
        );
        if (!child.links.some((l) => l.to === parent.key)) child.links.push({ to: parent.key, required: true });
        return child;
      }
    }
    const entity: EntityDraft = {
      key,
      table: tableName(key),
      words: np.words,
      plural: np.plural,
      at: np.at,
      fields: [],
      complete: false,
      tentative,
      links: [],
      hasMany: new Set(),
    };
    this.entities.push(entity);
    this.current = entity;
    return entity;
  }

  find(key: string): EntityDraft | undefined {
    return (
      this.entities.find((e) => e.key === key) ??
      this.entities.find((e) => e.key.endsWith(`_${key}`) && !e.tentative) ??
      this.entities.find((e) => key.endsWith(`_${e.key}`) && !e.tentative) ??
      // "flashcards" and "cards", "wristwatches" and "watches": one word that ends in the other.
      this.entities.find(
        (e) =>
          key.length >= 4 &&
          !key.includes("_") &&
          !e.key.includes("_") &&
          e.key.length > key.length + 2 &&
          e.key.endsWith(key) &&
          !e.tentative,
      )
    );
  }
}

// ─── Helpers ───────────────────────────────────────────────────────────────────────────────────────

interface ClauseShape {
  np: NounPhrase;
  /** Where the thing's own list starts, and how it is introduced. */
  conn: { at: number; bracket: boolean; colon: boolean } | null;
  relation: { target: NounPhrase; required: boolean } | null;
  /** It reads as a thing of its own (not a field with details). */
  thing: boolean;
  /** It links two other things ("visits that assign a cleaner to a house"). */
  joins?: boolean;
}

const CLAUSE_CONNECTOR =
  /^\s*(?:with|having|including|containing|that (?:has|have|includes?|contains?)|which (?:has|have)|where (?:each|every) (?:one )?(?:has|gets))\s+|^\s*:\s*|^\s+—\s+|^\s*\(/;
const CLAUSE_RELATION =
  /^\s*(?:,\s*)?(?:(?:that|which|who)\s+)?(?:(?:belongs? to|belonging to|(?:(?:are|is|get|gets|each)\s+)?(?:assigned|linked|attached|tied|allocated|given) to|(?:are|is) part of|logged (?:for|against)|towards?)\s+(?:(?:a|an|the|one|each|every|some|specific|their)\s+)?|(?:(?:are|is)\s+)?(?:for|of|per|under|in|on|at|from)\s+(?:each|every|a|an|one|the|their|its)\s+|between\s+(?:two\s+|the\s+|a\s+pair of\s+)?)/;
/** "the books we read (", "the plants I have with": a short clause between a thing and its list. */
const RELATIVE =
  /^\s+(?:(?:that|which|who)\s+)?(?:i|we|you|they)(?:'ve|'d|'ll|'re)?\s+[a-z']+(?:\s+[a-z']+){0,2}(?=\s*(?:\(|:|—|\bwith\b))|^\s+(?:sign|signs|register|registers|come|comes|arrive|arrives|check|checks|show|shows|turn|turns)(?:\s+(?:up|in|on))?(?=\s+with\b)|^\s+(?:wanting|waiting|looking|hoping|needing|asking|applying|queueing|queuing)\s+(?:for\s+|to\s+\w+\s+)?(?:(?:a|an|the)\s+)?[a-z]+(?=\s+with\b)|^\s+(?:for|of|from|to)\s+[a-z']+(?:\s+[a-z']+)?(?=\s*(?:\(|:|—|\bwith\b))/;

/** How an item is built: a noun phrase, maybe a link ("in each module"), maybe its own list. */
function clauseShape(item: Phrase): ClauseShape | null {
  const np = leadingNounPhrase(item);
  if (!np || notThing(np)) return null;
  const before = item.text.slice(0, np.at - item.at).toLowerCase();
  if (/\b(?:their|its|his|her|whether|if|who|when|how|what|which|each|every)\b/.test(before)) return null;
  let at = np.at - item.at + (np.tail - np.end) + np.words.length;
  let relation: ClauseShape["relation"] = null;
  const rel = CLAUSE_RELATION.exec(item.text.slice(at).toLowerCase());
  if (rel) {
    const target = leadingNounPhrase(sub(item, at + rel[0].length));
    if (target && !notThing(target) && target.key !== np.key) {
      // Rows made for each other row go with it (required); "belongs to" can be left open for now.
      relation = { target, required: /\b(?:each|every|per|between)\b/.test(rel[0]) };
      at = target.at - item.at + target.words.length;
    }
  }
  // "visits that assign a cleaner to a house on a date": rows that join two others.
  if (
    !relation &&
    np.plural &&
    /^\s+(?:that|which|who)\s+(?:link|links|assign|assigns|connect|connects|match|matches|pair|pairs|attach|attaches|put|puts)\s/.test(
      item.text.slice(at).toLowerCase(),
    )
  ) {
    return { np, conn: null, relation: null, thing: true, joins: true };
  }
  const relative = RELATIVE.exec(item.text.slice(at).toLowerCase());
  if (relative) at += relative[0].length;
  const c = CLAUSE_CONNECTOR.exec(item.text.slice(at).toLowerCase());
  const conn = c ? { at: at + c[0].length, bracket: c[0].includes("("), colon: /[:—]/.test(c[0]) } : null;
  if (!conn && !relation) return { np, conn: null, relation: null, thing: false };
  let thing = false;
  const perOther =
    !!relation &&
    /\b(?:each|every|per)\b/.test(
      item.text.slice(np.at - item.at + np.words.length, relation.target.at - item.at).toLowerCase(),
    );
  // "a daily check-in for each habit with a yes/no": one per other thing is a thing of its own;
  // "quotes from each book": several per other thing, the same.
  if (perOther && (np.plural || np.appCompound || !isAttributeWord(np))) thing = true;
  else if (np.plural || np.appCompound) {
    if (!conn) thing = !isFieldWord(np);
    else if (!conn.bracket)
      thing =
        !isAttributeWord(np) ||
        /^(?:an?\s+|the\s+|their\s+)?(?:name|title)\b/.test(item.text.slice(conn.at).toLowerCase());
    else {
      // "players (name, position, shirt number)" is a thing; "pace (social, steady or fast)" a choice.
      const inside = trim(
        sub(item, conn.at, item.text.indexOf(")", conn.at) > 0 ? item.text.indexOf(")", conn.at) : item.text.length),
      );
      const parts = splitItems(inside);
      // (A list that starts with a name is a thing's, whatever the word: "ingredients (name, price per kg)".)
      const named = /^(?:an?\s+|the\s+)?(?:name|title)$/i.test(parts[0]?.text.trim() ?? "");
      thing =
        parts.length >= 2 &&
        (named || !isAttributeWord(np)) &&
        parts.some((part) => {
          const f = fieldOfWords(part.text);
          return (
            !!f &&
            (f.kind !== "text" ||
              /^(?:name|title|.*_name|.*_title)$/.test(f.name) ||
              part.text.trim().split(/\s+/).length >= 2 ||
              /\(/.test(part.text))
          );
        });
    }
  }
  return { np, conn, relation, thing };
}

/** "companies", "the plants I have", "uni modules this term": a noun with at most a short clause after it. */
function bareThing(item: Phrase, np: NounPhrase): boolean {
  const rest = item.text.slice(np.end).trim();
  return !rest || (!/[,;:(]/.test(rest) && rest.split(/\s+/).length <= 4);
}

/** A field that names rows ("name", "title", "exercise name"): the person listed what matters. */
function hasNamingField(e: EntityDraft): boolean {
  return e.fields.some(
    (f) => /^(?:name|title|full_name|label|subject|headline)$|_(?:name|title)$/.test(f.name) && f.kind === "text",
  );
}

/** "board_game" → "board_games"; things that do not count ("sleep", "equipment") → "sleep_entries". */
export function tableName(key: string): string {
  const plural = pluralize(key);
  if (plural === key && !isPlural(key)) return `${key}_entries`;
  return plural;
}

function unbold(p: Phrase): Phrase {
  return { ...p, text: p.text.replace(/\*\*|__/g, (m) => " ".repeat(m.length)) };
}

/** Sentences of a line: at ". ", "! ", "? " (not "1.5" or "e.g."). */
function sentences(line: Phrase): Phrase[] {
  const out: Phrase[] = [];
  for (const sentence of splitTop(line, /(?<=[.!?])\s+(?=\S)/)) {
    // "Students have a name; grades have a subject": a semicolon between two statements is a full stop.
    const parts = splitTop(sentence, /\s*;\s*/);
    const statements =
      parts.length > 1 &&
      parts
        .slice(1)
        .every((p) => HAS_STATEMENT.test(p.text.toLowerCase()) || EACH_STATEMENT.test(p.text.toLowerCase()));
    if (statements) out.push(...parts);
    else {
      // "…; classes with a day and a time; each pupil is in one class": statements at the end stand alone.
      let first = parts.length;
      while (first > 1 && EACH_STATEMENT.test(parts[first - 1]!.text.toLowerCase())) first--;
      if (first < parts.length)
        out.push(
          sub(sentence, 0, parts[first]!.at - sentence.at).text.replace(/[;\s]+$/, "")
            ? trim(sub(sentence, 0, parts[first - 1]!.at - sentence.at + parts[first - 1]!.text.length))
            : sentence,
          ...parts.slice(first),
        );
      else out.push(sentence);
    }
  }
  return out.filter((s) => /[\p{L}\p{N}]/u.test(s.text));
}

/** "each pupil is in one class", "for each piece I note …": a statement about each of a thing. */
const EACH_STATEMENT =
  /^(?:(?:and|also|then)\s+)?(?:for\s+)?(?:each|every)\s+[\p{L}'-]+(?:\s+[\p{L}'-]+)?\s+(?:(?:i|we|you|they|is|are|can|must|should|will|goes|go|gets|get|sits?|belongs?)\b|(?:record|note|log|track|list|store|keep|add|write|enter|save)\s+(?:the|a|an|its|their|down)\b)/u;
/** "each lesson has …", "grades have …", "a session has …": a statement about a thing. */
const HAS_STATEMENT =
  /^(?:(?:and|also|then)\s+)?(?:(?:each|every|a|an|the|for each|per)\s+)?[\p{L}'-]+(?:\s+[\p{L}'-]+)?\s+(?:(?:should|must|can|will|also)\s+)?(?:has|have|gets|get|needs|need|belongs? to|(?:is|are) (?:assigned|linked) to)\b/u;

function isTop(p: Phrase, index: number): boolean {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const c = p.text[i];
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
  }
  return depth === 0;
}

function findTop(p: Phrase, re: RegExp): { index: number; length: number } | null {
  const g = new RegExp(re.source, "g");
  for (const m of p.text.toLowerCase().matchAll(g))
    if (isTop(p, m.index)) return { index: m.index, length: m[0].length };
  return null;
}

/** The noun phrase that ends `p` ("… my dogs" → dogs). */
function trailingNounPhrase(p: Phrase): NounPhrase | null {
  const ws = words(p);
  let start = ws.length;
  while (start > 0) {
    const w = ws[start - 1]!;
    if (start < ws.length && /[,;:.!?()—]/.test(p.text.slice(w.at - p.at + w.text.length, ws[start]!.at - p.at))) break;
    if (start === ws.length && /[,;:.!?()—]/.test(p.text.slice(w.at - p.at + w.text.length))) break;
    if (
      /^(?:and|or|but|that|which|who|with|to|for|i|we|you|it|they|each|every|a|an|the|my|our|their|its|is|are|can|should|must|will|track|manage|log|record|keep|list|store|organi[sz]e|collect|monitor|plan|save|add|want|need)$/.test(
        w.lower,
      )
    )
      break;
    if (w.tags.has("Verb") && !w.tags.has("Noun") && !isPlural(w.lower)) break;
    if (w.tags.has("Preposition")) break;
    start--;
  }
  if (start >= ws.length) return null;
  const from = ws[start]!.at - p.at;
  return leadingNounPhrase(sub(p, from), { loose: true });
}

function nounPhrasesIn(p: Phrase): NounPhrase[] {
  const out: NounPhrase[] = [];
  const ws = words(p);
  for (let i = 0; i < ws.length; i++) {
    const np = leadingNounPhrase(sub(p, ws[i]!.at - p.at));
    if (np && np.at === ws[i]!.at) {
      out.push(np);
      while (i < ws.length && ws[i]!.at < np.at + np.words.length) i++;
      i--;
    }
  }
  return out;
}

const fieldWords = new Map<string, FieldSpec | null>();
function fieldOfWords(text: string): FieldSpec | null {
  const key = text.toLowerCase();
  if (!fieldWords.has(key)) {
    if (fieldWords.size > 500) fieldWords.clear();
    fieldWords.set(key, readField(rootPhrase(key), {}));
  }
  return fieldWords.get(key)!;
}

/** Whether a noun phrase reads as a field ("notes", "tags", "due dates", "sets") rather than a thing. */
export function isFieldWord(np: Pick<NounPhrase, "words">): boolean {
  if (/(?:^|\s)(?:names?|titles?|labels?|details?|numbers?|codes?|ids?)$/i.test(np.words)) return true;
  // "members", "players", "guests" on their own are people to keep, not a count.
  const last = np.words.toLowerCase().split(/\s+/).pop()!;
  if (isPlural(last) && PEOPLE_NOUNS.test(singularize(last))) return false;
  const field = fieldOfWords(np.words);
  return !!field && (field.kind !== "text" || !!field.cued);
}

/** Whether a noun phrase names an attribute even with details after it ("notes", "photos", "tags"). */
function isAttributeWord(np: Pick<NounPhrase, "words">): boolean {
  const field = fieldOfWords(np.words);
  return !!field && /^(?:longtext|tags|url|email|phone|boolean)$/.test(field.kind);
}
