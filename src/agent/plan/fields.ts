/**
 * One thing a person wants to keep about a row, read from their words: "number of sets", "weight in
 * kg", "a service (cut, colour or styling)", "whether it is paid", "a rating from 1 to 5", "who
 * borrowed it". The result is a field with a name from those words, a kind, options and a range
 * when the words give them, and what it may point at (another table, a person) for the planner to
 * resolve once it knows every table.
 *
 *   readField(phraseOf("weight in kg"), {})          → { name: "weight_kg", kind: "number", label: "Weight (kg)" }
 *   readField(phraseOf("whether it is paid"), {})    → { name: "paid", kind: "boolean" }
 *   readField(phraseOf("a client"), {})              → { name: "client", kind: "text", target: "client" }
 */
import { conjugate } from "./nlp";
import { defaultOptions, type Domain, type PlannedKind } from "./vocabulary";
import { sub, tagIs, trim, words, type Phrase, type Word } from "./phrase";
import { humanize, isPlural, singularize, snakeCase } from "./words";

export type { PlannedKind } from "./vocabulary";

export interface FieldSpec {
  /** snake_case, from the person's words. */
  name: string;
  label?: string;
  kind: PlannedKind;
  required?: boolean;
  options?: string[];
  /** The options are the person's own (not a default for the domain). */
  optionsGiven?: boolean;
  min?: number;
  max?: number;
  /** The words name a thing that may be another table ("a client", "which shelf"): its singular snake name. */
  target?: string;
  /** …in the plural ("tasks" of a project): rows of that table belong to this one. */
  many?: boolean;
  /** "who borrowed it": a person; a reference when the app keeps people. */
  person?: boolean;
  /** "which housemates it's split between": several rows of another table (many-to-many). */
  join?: boolean;
  /** The kind came from cue words (a unit, a range, "whether", options), not only from the noun. */
  cued?: boolean;
  /** The words it was read from. */
  words: string;
}

export interface FieldContext {
  /** The singular snake name of the table the field belongs to ("book"). */
  entity?: string;
  /** What the whole description is about, for default options. */
  domain?: Domain;
}

// ─── Cue words ───────────────────────────────────────────────────────────────────────────────

const UNITS: Array<{ re: RegExp; unit: string; kind: PlannedKind }> = [
  { re: /^(?:minutes?|mins?)$/, unit: "minutes", kind: "integer" },
  { re: /^(?:hours?|hrs?)$/, unit: "hours", kind: "number" },
  { re: /^(?:seconds?|secs?)$/, unit: "seconds", kind: "integer" },
  { re: /^days?$/, unit: "days", kind: "integer" },
  { re: /^weeks?$/, unit: "weeks", kind: "integer" },
  { re: /^months?$/, unit: "months", kind: "integer" },
  { re: /^(?:years?|yrs?)$/, unit: "years", kind: "integer" },
  { re: /^(?:kg|kgs|kilos?|kilograms?)$/, unit: "kg", kind: "number" },
  { re: /^(?:g|grams?|gr)$/, unit: "g", kind: "number" },
  { re: /^(?:mg|milligrams?|mcg|micrograms?)$/, unit: "mg", kind: "number" },
  { re: /^(?:lbs?|pounds)$/, unit: "lb", kind: "number" },
  { re: /^(?:oz|ounces?)$/, unit: "oz", kind: "number" },
  { re: /^(?:km|kms|kilometers?|kilometres?)$/, unit: "km", kind: "number" },
  { re: /^(?:mi|miles?)$/, unit: "miles", kind: "number" },
  { re: /^(?:m|meters?|metres?)$/, unit: "m", kind: "number" },
  { re: /^(?:cm|centimeters?|centimetres?)$/, unit: "cm", kind: "number" },
  { re: /^(?:mm|millimeters?|millimetres?)$/, unit: "mm", kind: "number" },
  { re: /^(?:inch|inches)$/, unit: "inches", kind: "number" },
  { re: /^(?:ft|feet|foot)$/, unit: "ft", kind: "number" },
  { re: /^(?:l|liters?|litres?)$/, unit: "l", kind: "number" },
  { re: /^(?:ml|milliliters?|millilitres?)$/, unit: "ml", kind: "number" },
  { re: /^(?:%|percent|percentage)$/, unit: "%", kind: "number" },
  { re: /^(?:°c|°f|celsius|fahrenheit|degrees)$/, unit: "°", kind: "number" },
  { re: /^(?:kcal|calories|cal)$/, unit: "kcal", kind: "integer" },
  { re: /^(?:bpm)$/, unit: "bpm", kind: "integer" },
  {
    re: /^(?:square (?:metres|meters|feet|foot|yards|miles|kilometres|kilometers)|sq ?m|sq ?ft|m²|m2|acres?|hectares?|ha)$/,
    unit: "",
    kind: "number",
  },
  // Measures people write with a unit symbol: "frequency in MHz", "RAM in GB", "power in kW".
  { re: /^(?:hz|khz|mhz|ghz|hertz)$/, unit: "", kind: "number" },
  { re: /^(?:kb|mb|gb|tb|bytes|megabytes|gigabytes|terabytes)$/, unit: "", kind: "number" },
  { re: /^(?:w|kw|kwh|mw|watts?|kilowatts?|volts?|v|amps?|mah)$/, unit: "", kind: "number" },
  { re: /^(?:mph|kph|km\/h|knots|psi|bar|hpa|kpa|mbar|db|decibels|lux|ppm|rpm)$/, unit: "", kind: "number" },
];
const UNIT_WORDS =
  /(?:mg|milligrams?|mcg|minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?|kg|kgs|kilos?|kilograms?|grams?|gr|lbs?|pounds|oz|ounces?|km|kms|kilometers?|kilometres?|miles?|meters?|metres?|cm|centimeters?|centimetres?|mm|inch|inches|ft|feet|liters?|litres?|ml|percent|percentage|%|°c|°f|celsius|fahrenheit|degrees|kcal|calories|bpm|square (?:metres|meters|feet|foot|yards|miles|kilometres|kilometers)|sq ?m|sq ?ft|m²|acres?|hectares?|hz|khz|mhz|ghz|hertz|kb|mb|gb|tb|bytes|megabytes|gigabytes|terabytes|kw|kwh|watts?|kilowatts?|volts?|amps?|mah|mph|kph|km\/h|knots|psi|bar|hpa|kpa|mbar|db|decibels|lux|ppm|rpm|g|l|m)/;

/** Units written bare after a name ("distance km"); spelled-out words ("due day of month") are not read as units there. */
const UNIT_ABBREVIATIONS = /(?:kg|kgs|mg|mcg|g|gr|lbs?|oz|km|kms|mi|cm|mm|ml|l|%|°c|°f|kcal|bpm|mins?|hrs?|secs?)/;

const CURRENCIES: Array<[RegExp, string]> = [
  [/^(?:euros?|eur|€)$/, "€"],
  [/^(?:dollars?|usd|\$|bucks)$/, "$"],
  [/^(?:pounds? sterling|gbp|£|quid)$/, "£"],
  [/^(?:yen|jpy|¥)$/, "¥"],
  [/^(?:rupees?|inr|₹)$/, "₹"],
  [/^(?:francs?|chf)$/, "CHF"],
  [/^(?:kronor|kroner|krona|krone|sek|nok|dkk)$/, "kr"],
  [/^(?:aud|cad|nzd)$/, "$"],
];
const CURRENCY_WORDS =
  /(?:euros?|eur|€|dollars?|usd|\$|bucks|gbp|£|quid|yen|jpy|¥|rupees?|inr|₹|francs?|chf|kronor|kroner|krona|krone|sek|nok|dkk|aud|cad|nzd)/;

const MONEY =
  /\b(?:prices?|costs?|amounts? (?:paid|owed|due|spent)|amounts?|salar(?:y|ies)|rent|fees?|budgets?|totals?|balances?|deposits?|wages?|incomes?|revenues?|payments?|tips?|donations?|fines?|charges?|bills?|spend|spent|refunds?|earnings|payouts?|subtotal|tax|commissions?|allowance|pocket money|(?:hourly|daily|nightly|weekly|monthly|day) rate|rate per \w+|(?:estimated|market|resale|purchase|insured|replacement|annual|monthly|yearly|weekly|contract|order|deal|total|trade-in|sale) value|worth|cost per \w+|price per \w+|money|paid out|owed|debt|loan amount|premium|quoted|estimates?|paid so far|amount paid)\b|^value$/;
const EMAIL = /\b(?:e-?mails?|e-?mail address(?:es)?|mail address)\b/;
const PHONE =
  /\b(?:(?:tele)?phone(?: numbers?| no)?|mobile(?: numbers?| phone)?|cell(?: ?phone)?(?: numbers?)?|tel|contact numbers?|whatsapp)\b/;
const URL = /\b(?:urls?|links?|websites?|web ?sites?|homepages?|web ?pages?|web address(?:es)?|site)\b/;
const IMAGE =
  /\b(?:photos?|pictures?|images?|pics?|cover (?:image|art|photo)|thumbnails?|logos?|avatars?|headshots?|snapshots?)\b|^cover$/;
const DATETIME =
  /\b(?:bed ?time|wake(?:-| )?up time|lights out|date ?(?:and|\/) ?time|time ?(?:and|\/) ?date|datetime|date-time|timestamps?|time ?slots?|(?:start|starting|end|ending|arrival|departure|pick-?up|drop-?off|check-?in|check-?out|appointment|meeting|delivery|booking|reservation|session|class|flight|opening|closing|kick-?off|event|match|game) time)\b/;
const DURATION =
  /\b(?:(?:play|playing|prep|preparation|cook|cooking|bake|baking|travel|run|running|screen|reading|wait|waiting|drive|driving|total|moving|study|studying|practice|practise|walk|walking|flight|lap|race|ride|riding|session|workout|exercise|sleep|sleeping|brew|brewing|commute|focus|work) ?time|duration|time spent|time taken|length of time)\b/;
const DATE =
  /\b(?:dates?|day|birthdays?|birth ?dates?|dates? of birth|dob|deadlines?|due|expiry|expiration|expires|expiry dates?|anniversary|anniversaries|since|start dates?|end dates?|planted|harvested|adopted|purchased|hired|joined|started|began|ended)\b/;
const LONGTEXT =
  /\b(?:notes?|descriptions?|comments?|bio|biography|reviews?|summary|details|instructions|steps|directions|method|ingredients|thoughts|feedback|story|content|body|text|message|memo|remarks|observations|symptoms|lyrics|reflections?|lessons(?: learned)?|journal|answer|excerpt|highlights|agenda|recap|takeaways|impressions|what i (?:learned|thought|liked)|how it went)\b/;
const TAGS = /^(?:tags|labels|keywords|hashtags)$/;
const ENUMISH =
  /\b(?:status|state|stage|priority|category|categories|type|kind|genre|difficulty|frequency|size|condition|level|mood|rsvp|response|meal|meal type|payment method|rating|day of (?:the )?week|weekday)$/;
/** Plural nouns that count things. */
const COUNTS =
  /^(?:\w+ )?(?:quantity|qty|count|servings|portions|pages|sets|reps|repetitions|laps|rounds|calories|kcal|steps|players|guests|seats|attendees|copies|units|pieces|stock|age|year|floor|episodes?|seasons?|chapters?|points|score|marks?|goals|votes|rank|capacity|beds|bedrooms|bathrooms|rooms|nights|visits|attempts|likes|views|downloads|servings|people|persons|spots|places|tickets|kids|children|pupils|members|participants|miles|km|puffs|cigarettes|drinks|glasses|cups|hits|shots|strokes|putts|wins|losses|draws|assists|saves|pulse|tempo|heart rate|resting heart rate|systolic|diastolic|bpm|reorder level|reorder point|reorder at|min stock|minimum stock)$/;
const ID_NUMBER_KEYS =
  /^(?:permit|accession|asset|badge|pass|voucher|coupon|claim|specimen|sample|tag|chip|microchip|ring|locker|key|invoice|order|serial|account|reference|ref|tracking|policy|licen[cs]e|membership|member|registration|reg|passport|model|part|card|ticket|booking|confirmation|case|batch|lot|vat|tax|isbn|sku|id|identification|social|security|insurance|national|customer|client|patient|student|employee|staff|contract|quote|receipt|transaction|purchase|shipment|parcel|flight|train|plate|number|phone|mobile|contact|fax|house|flat|apartment|street|postal|zip|post|sort|routing|iban|bank|vin|chassis|engine|frame|imei|product|item|catalog|catalogue|code|version|build|release|issue|bib|jersey)$/;
const MEASURES =
  /\b(?:weight|height|length|width|depth|distance|temperature|temp|percentage|percent|volume|speed|pace|bmi|ph|abv|ratio|mileage|odometer|altitude|elevation|floor area|area in \w+|dose|dosage|body fat|heart rate|glucose|blood sugar|waist|hips|chest|size in|gpa|grade point average|hours|km|miles)\b/;
const BOOLEAN_WORDS =
  /^(?:done|completed?|finished|attending|archived|active|pinned|favou?rite|starred|published|paid|read|private|public|visible|enabled|approved|confirmed|checked|resolved|featured|available|in stock|billable|reimbursed|going|vegetarian|vegan|gluten[- ]free|organic|signed|returned|watched|owned|plus[- ]ones?|recurring|urgent|important|verified|shipped|delivered|cancelled|canceled|sold|booked|vaccinated|neutered|spayed|insured|refundable|taxable|answered|attended|accepted|rejected|hired|open|closed|online|remote|indoor|outdoor|wishlist|wish list|borrowed|lent|lent out|on loan|for sale|in use|broken|working|needs repair|signed copy|first edition)$/;
/** Words that add nothing to a field's name. */
const LEADING =
  /^(?:and|also|plus|then|or|as well as|along with|including|together with|maybe|possibly|optionally|perhaps|with|the|a|an|some|any|its|it's|their|his|her|my|our|your|each|every|one|all|whose|of)\s+/;
const TRAILING =
  /\s+(?:etc|too|yet|already|in utc|in gmt|local time|as well|also|and so on|and such|if possible|please|if any|if known|if there is one|if applicable|for each|for it|for them|of it|of them|per item)(?=\??$)/;
const INTRO =
  /^(?:(?:and |also |plus )?(?:i |we )?(?:also |then )?(?:(?:want|need|would like|'d like|wanna|have|like|must|should|will|could|can|might)(?: to)?(?: be able to)? )?(?:also )?(?:track|note(?: down)?|record|log|store|save|remember|write down|see|know|keep(?: track of)?|capture|list|add|include|have|enter|put|mark(?: down)?)(?: down)?\s+|(?:a |an )?(?:field|column|place|spot|space|room|slot|box|section) (?:for|to (?:put|note|write|store|record))\s+)/;

// ─── Reading ─────────────────────────────────────────────────────────────────────────────────

/** Reads one field phrase. Null when nothing is left to name a field. */
export function readField(input: Phrase, ctx: FieldContext = {}): FieldSpec | null {
  let p = trim(input);
  // "see my history by date", "sort them by rating", "get a reminder": what the app does, not what it keeps.
  if (
    /^(?:and\s+)?(?:(?:i|we)\s+(?:want|need|would like|'d like)\s+to\s+)?(?:see|view|show|sort|filter|search|export|print|get|receive|send|share|sync|import)\s+(?:me|my|the|a|an|them|it|all|which|what|how|when|where|who|history|stats|statistics|totals?|summar(?:y|ies)|charts?|graphs?|calendar|reminders?|notifications?|emails?|alerts?|reports?|everything)\b|^(?:and\s+)?(?:email me|remind me|notify me|be reminded|be notified|alert me)\b/i.test(
      p.text,
    )
  )
    return null;
  const source = p.text;
  let name: string | null = null;
  const spec: Partial2 = {};

  // Blank out what has been understood: offsets (and so the tags of the rest) stay put.
  const blank = (start: number, end: number) => {
    p = { ...p, text: p.text.slice(0, start) + " ".repeat(end - start) + p.text.slice(end) };
  };
  const lower = () => p.text.toLowerCase();
  const cut = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(lower());
    if (m) blank(m.index, m.index + m[0].length);
    return m;
  };
  const stripEnds = () => {
    for (let i = 0; i < 6; i++) {
      const t = lower();
      const lead = /^\s*/.exec(t)![0].length;
      const m = LEADING.exec(t.slice(lead)) ?? INTRO.exec(t.slice(lead));
      if (!m) break;
      blank(lead, lead + m[0].length);
    }
    for (let i = 0; i < 4; i++) {
      const t = lower().trimEnd();
      const m = TRAILING.exec(t) ?? /[\s,.;:!—-]+$/.exec(t);
      if (!m) break;
      blank(m.index, t.length);
    }
  };
  stripEnds();
  cut(/^\s*for\s+(?=how|what|which|who|when)/);
  // "a star rating — anyone can look it up": an aside after a dash is not part of the field.
  cut(/\s+—\s+(?:anyone|everyone|people|it|they|we|i|you|which|that|so|but|and|just|only|please)\b.*$/);
  // "weight every week", "steps each day": how often is not part of the name.
  // "score for each book", "rating of every film": the row says which one; the name is the thing.
  if (/\S\s+(?:for|of|on|per)\s+(?:each|every)\s+[\p{L}-]+\s*$/u.test(lower()))
    cut(/\s+(?:for|of|on|per)\s+(?:each|every)\s+[\p{L}-]+\s*$/u);
  // ("target per week" counts: how many in that time.)
  const perPeriod = cut(
    /\s+(?:every|each|per)\s+(?:day|week|month|year|morning|evening|night|time|session)\b|\s+(?:daily|weekly|monthly|yearly|nightly)\s*$/,
  );
  if (perPeriod && /^\s+per\b/.test(perPeriod[0]) && spec.kind === undefined && !MONEY.test(lower())) {
    spec.kind = "integer";
    spec.min ??= 0;
  }
  // "a phone number to call", "an email to reach them": what it is for goes.
  cut(/\s+to\s+(?:call|contact|reach|use|text|ring|email|message|book)\b.*$/);
  // "who did it so there's no more arguing", "a photo but that's not important": the aside goes.
  cut(/\s+(?:so that|so|because|since|but|lol|haha|though)\b(?!\s*(?:far|much|many)\b).*$/);
  if (cut(/^\s*mark(?:ed)?(?: (?:it|them|each one|one))? as\s+/)) spec.kind = "boolean";

  // Required or not.
  if (cut(/\s*\((?:required|mandatory|must have|needed)\)|\s*[,—]?\s*\b(?:required|mandatory)\s*$/))
    spec.required = true;
  if (cut(/\s*\((?:optional|if any|not required|if known|maybe)\)|\s*[,—]?\s*\boptional\s*$/)) spec.required = false;
  if (cut(/\boptional(?:ly)?\s+/)) spec.required = false;

  // Parentheses: options, yes/no, a range, a unit, a currency, examples.
  for (let guard = 0; guard < 4; guard++) {
    const m = /\(([^()]*)\)/.exec(p.text);
    if (!m) break;
    blank(m.index, m.index + m[0].length);
    readAside(m[1]!.trim().toLowerCase(), spec);
  }
  // Options in the words: "either A, B or C", "one of A, B, C", "status: A/B/C", "which can be A or B".
  const optionIntro =
    /(?:\b(?:either|one of|which (?:can|could|may|will) be|that (?:can|could|may) be|can be|could be|choose from|chosen from|options?(?: are)?|values?(?: are)?|like|such as|eg|ie)\b\s*:?|:)\s+(.+)$/.exec(
      lower(),
    );
  if (optionIntro && spec.options === undefined) {
    const listed = optionList(optionIntro[1]!);
    const examples = /^(?:like|such as|eg)$/.test(optionIntro[0].trim().split(/\s+/)[0]!);
    if (listed.length >= 2) {
      blank(optionIntro.index, optionIntro.index + optionIntro[0].length);
      applyOptions(spec, listed, examples);
    }
  }
  // Units with a slash ("mmol/L", "km/h", "mg/dL"): a measure, not a choice.
  const rate = /\b(?:in\s+)?(mmol\/l|mg\/dl|km\/h|m\/s|mph|mpg|l\/100 ?km|kcal\/day|bpm|beats\/min)\b/.exec(lower());
  if (rate) {
    spec.unit = rate[1]!;
    spec.kind = "number";
    spec.cued = true;
    blank(rate.index, rate.index + rate[0].length);
  }
  // "A/B/C" at the end ("status todo/doing/done", "yes/no").
  const slashed = /(?:^|\s)((?:[\p{L}\p{N}'-]+ ?\/ ?)+[\p{L}\p{N}'-]+)\s*$/u.exec(lower());
  if (slashed && spec.options === undefined && !/\d/.test(slashed[1]!)) {
    const listed = slashed[1]!.split(/\s*\/\s*/);
    // "parent/guardian" on its own is one thing with two names; "status todo/doing/done" a choice.
    const whole = slashed.index === 0 || !/\S/.test(lower().slice(0, slashed.index));
    const dateTime = listed.length === 2 && /^(?:date|time)$/.test(listed[0]!) && /^(?:date|time)$/.test(listed[1]!);
    if (whole && listed.length === 2 && !dateTime && !/^(?:yes|no|y|n|true|false)$/.test(listed[0]!)) {
      name = snakeCase(listed[0]!);
      blank(slashed.index, slashed.index + slashed[0].length);
    } else if (
      listed.length >= 2 &&
      !(listed.length === 2 && /^(?:date|time)$/.test(listed[0]!) && /^(?:date|time)$/.test(listed[1]!))
    ) {
      blank(slashed.index, slashed.index + slashed[0].length);
      applyOptions(spec, listed, false);
    }
  }
  stripEnds();

  // "a checkbox for packed", "a tick box to mark it paid": yes/no, named after what it marks.
  const boxFor =
    /^\s*(?:a\s+)?(?:checkbox|check box|tick ?box|toggle|flag)\s+(?:for|to mark|to show|to say|if)\s+(?:it(?:'s| is)?\s+|whether\s+)?/.exec(
      lower(),
    );
  if (boxFor) {
    blank(boxFor.index, boxFor.index + boxFor[0].length);
    spec.kind = "boolean";
    spec.cued = true;
  }
  // "a contract-signed checkbox", "urgent flag", "delivered yes/no".
  if (cut(/[\s-]+(?:checkbox|check box|tick ?box|toggle|flag|switch)\s*$/)) {
    spec.kind = "boolean";
    spec.cued = true;
  }

  // Yes/no questions: "whether it is paid", "is it signed", "did I like it", "paid?".
  const question =
    /^\s*(?:whether|if)\s+(?:or not\s+)?(.+)$/.exec(lower()) ??
    /^\s*((?:is|are|was|were|has|have|had|does|do|did|can|will|should)\s+(?:it|they|he|she|this|that|i|we|you|there|the \w+)\b.*)$/.exec(
      lower(),
    );
  if (question) {
    const at = question.index + question[0].length - question[1]!.length;
    const read = predicateName(sub(p, at, at + question[1]!.length));
    // "was it any good (1-5 stars)": the range says what it is.
    if (spec.rating) name = "rating";
    else if (spec.kind === "enum" || spec.kind === "integer" || spec.kind === "number") name = read.name;
    else if (read.options) {
      applyOptions(spec, read.options, false);
      name = read.name;
    } else {
      spec.kind = "boolean";
      spec.cued = true;
      name = read.name;
    }
    blank(0, p.text.length);
  }
  const modal = name
    ? null
    : /^\s*(?:would|could|should|will|can|did|does|do)\s+(?:(?:i|we|you|they|he|she|it)\s+)?([\p{L}].*)$/u.exec(
        lower(),
      );
  if (modal && spec.kind === undefined) {
    name = snakeCase(
      modal[1]!
        .replace(/\b(?:it|them|this|that|the|a|an|for me|for us|to me)\b/g, " ")
        .trim()
        .split(/\s+/)
        .slice(0, 3)
        .join(" "),
    );
    spec.kind = "boolean";
    spec.cued = true;
    blank(0, p.text.length);
  }
  // "paid on", "sent on", "returned on": the date it happened.
  const doneOn = name
    ? null
    : /^\s*([\p{L}]+(?:ed|en)|paid|sent|made|sold|bought|held|born|built|done|read|met|left|spent|won|lost|kept|found|shot|seen)\s+on\s*$/u.exec(
        lower(),
      );
  if (doneOn) {
    name = snakeCase(`${doneOn[1]} on`);
    spec.kind = "date";
    spec.cued = true;
    blank(0, p.text.length);
  }
  // "a few lines about the day", "a sentence or two": free text.
  if (
    !name &&
    /^\s*(?:(?:a\s+)?(?:few|couple of)\s+(?:lines?|words?|sentences?|paragraphs?)\b(?:\s+(?:about|on|of)\b.*)?|(?:lines?|words?|sentences?|paragraphs?)\s+(?:about|on)\b.*)\s*$/.test(
      lower(),
    )
  ) {
    name = "notes";
    spec.kind = "longtext";
    blank(0, p.text.length);
  }
  if (!name && /\?\s*$/.test(source) && spec.kind === undefined) {
    spec.kind = "boolean";
    spec.cued = true;
  }
  if (!name && cut(/\s+or not\s*$/)) spec.kind = "boolean";

  // Who, when, how many, how much, how long, how often, which.
  if (!name) {
    const who = /^\s*who(?:'s|se)?\s+(.+)$/.exec(lower());
    if (who) {
      name = personName(sub(p, who.index + who[0].length - who[1]!.length, who.index + who[0].length));
      spec.person = true;
      spec.kind ??= "text";
      blank(0, p.text.length);
    }
  }
  if (
    !name &&
    /^\s*what(?:'s| is| it'?s| it is| they'?re| are they)?\s+(?:it\s+)?for\s*$|^\s*what for\s*$|^\s*(?:the\s+)?purpose\b/.test(
      lower(),
    )
  ) {
    name = "purpose";
    spec.kind ??= "text";
    blank(0, p.text.length);
  }
  const whereTo = name ? null : /^\s*where\s+to\s+([\p{L}]+)/u.exec(lower());
  if (whereTo) {
    name = snakeCase(`where to ${whereTo[1]}`);
    blank(0, p.text.length);
  }
  const whereVerb = name
    ? null
    : /^\s*where\s+(?:(?:it|they|he|she|i|we|you)(?:'s|'re| is| are| was| were)?\s+|(?:it's|they're)\s+)?(?:(?:is|are|was|were|been|got)\s+)?([\p{L}]+ed|bought|kept|sold|seen|found|grown|made|born|held|put|left|built)\b/u.exec(
        lower(),
      );
  if (whereVerb) {
    name = snakeCase(`where ${whereVerb[1]}`);
    spec.kind ??= "text";
    blank(0, p.text.length);
  }
  if (!name && /^\s*where\b/.test(lower())) {
    name = "location";
    spec.kind ??= "text";
    blank(0, p.text.length);
  }
  const dateClause = name
    ? null
    : /^\s*(?:the\s+)?(?:date|day)\s+(?=(?:it|it's|its|they|they're|he|she|i|we)\b)/.exec(lower());
  if (dateClause)
    p = {
      ...p,
      text:
        p.text.slice(0, dateClause.index) +
        "when" +
        " ".repeat(dateClause[0].length - 4) +
        p.text.slice(dateClause.index + dateClause[0].length),
    };
  if (!name) {
    const when = /^\s*when\s+(.+)$/.exec(lower());
    if (when) {
      const at = when.index + when[0].length - when[1]!.length;
      name = whenName(sub(p, at, at + when[1]!.length));
      spec.kind = /\b(?:time|at|o'clock)\b/.test(when[1]!) ? "datetime" : "date";
      spec.cued = true;
      blank(0, p.text.length);
    }
  }
  if (!name) {
    const how = /^\s*how (many|much|long|often|far|old|big|heavy|tall)\b\s*(.*)$/.exec(lower());
    if (how) {
      const rest = how[2]!;
      const at = how.index + how[0].length - rest.length;
      const restWords = nameWords(sub(p, at, at + rest.length));
      const head = restWords.filter(
        (w) =>
          !/^(?:i|we|you|they|it|he|she|is|are|was|were|do|does|did|have|has|had|will|would|should|can|could|to|there|the|a|an|of|in|on|it's|i've|i'm|they're|we've|been|be)$/.test(
            w.lower,
          ),
      );
      switch (how[1]) {
        case "many": {
          const noun = head.findIndex((w) => tagIs.noun(w) || isPlural(w.lower));
          const nounWords =
            noun >= 0 ? head.slice(noun).filter((w, i) => i === 0 || !tagIs.verb(w) || w.tags.has("PastTense")) : head;
          name = snake(nounWords.map((w) => w.lower)) || "count";
          spec.kind = spec.unit ? spec.kind : "integer";
          spec.min ??= 0;
          break;
        }
        case "much": {
          const money =
            head.length === 0 ||
            head.some(
              (w) =>
                MONEY.test(w.lower) ||
                /^(?:cost|costs|paid|pay|spend|spent|charge|charged|owe|owed|earn|earned|sell|sold|buy|bought|worth)$/.test(
                  w.lower,
                ),
            );
          name = money ? moneyName(head) : snake(head.filter((w) => tagIs.noun(w)).map((w) => w.lower)) || "amount";
          spec.kind = money ? "money" : "number";
          break;
        }
        case "long":
          name = "duration";
          spec.kind = "integer";
          spec.unit ??= "minutes";
          break;
        case "often": {
          const all = words(sub(p, at, at + rest.length));
          const to = all.findIndex((w) => w.lower === "to");
          let verb = (to >= 0 ? all[to + 1] : undefined) ?? head.find((w) => tagIs.verb(w) || w.tags.has("Infinitive"));
          // "how often it needs water" → watering: the light verb's object is the act.
          if (verb && /^(?:need|needs|get|gets|have|has|take|takes|do|does|want|wants)$/.test(verb.lower))
            verb = all[all.indexOf(verb) + 1] ?? verb;
          const what = verb
            ? conjugate(verb.lower).gerund
            : snake(head.filter((w) => tagIs.noun(w)).map((w) => w.lower));
          name = what ? `${what}_frequency` : "frequency";
          if (spec.unit) spec.kind = "integer";
          else applyOptions(spec, ["daily", "weekly", "monthly"], false, true);
          break;
        }
        case "far":
          name = "distance";
          spec.kind = "number";
          break;
        case "old":
          name = "age";
          spec.kind = "integer";
          spec.min ??= 0;
          break;
        default:
          name = { big: "size", heavy: "weight", tall: "height" }[how[1]!] ?? how[1]!;
          spec.kind = "number";
      }
      spec.cued = true;
      blank(0, p.text.length);
    }
  }
  if (!name) {
    // "which side or bottle (left, right, bottle)": the first noun names it.
    const whichOr = /^\s*which\s+([\p{L}-]+)\s+or\s+[\p{L}-]+\s*$/u.exec(lower());
    if (whichOr) {
      name = snakeCase(whichOr[1]!);
      blank(0, p.text.length);
    }
    const which = name ? null : /^\s*(?:which|what)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\b(.*)$/u.exec(lower());
    if (which) {
      const ws = nameWords(
        sub(
          p,
          which.index + which[0].length - which[1]!.length - which[2]!.length,
          which.index + which[0].length - which[2]!.length,
        ),
      );
      const nouns = ws.filter(
        (w, i) =>
          (tagIs.noun(w) || (isPlural(w.lower) && (i === 0 || !tagIs.verb(w)))) &&
          !tagIs.pronoun(w) &&
          !w.tags.has("Auxiliary") &&
          !/^(?:have|has|had|is|are|was|were|do|does|did)$/.test(w.lower),
      );
      if (nouns.length > 0) {
        name = snake(nouns.map((w) => w.lower));
        spec.target = singularize(name);
        if (/^\s*which/.test(lower()) && isPlural(nouns[nouns.length - 1]!.lower)) spec.join = true;
        blank(0, p.text.length);
      }
    }
  }

  // Ranges: "from 1 to 5", "1-5", "out of 10", "between 1 and 10", "up to 8", "at least 1".
  const range =
    /\b(?:from\s+|between\s+)?(-?\d+(?:\.\d+)?)\s*(?:-|to|through|and|–)\s*(-?\d+(?:\.\d+)?)\b(?:\s*(stars?|points?))?/.exec(
      lower(),
    ) ?? null;
  if (range && !/\d[:/]\d/.test(range[0])) {
    setRange(spec, Number(range[1]), Number(range[2]));
    if (range[3]) name ??= "rating";
    blank(range.index, range.index + range[0].length);
  } else {
    const outOf = /(?:\bout of|\bon a scale of(?: 1 to)?|\/)\s*(\d+)\b/.exec(lower());
    if (outOf) {
      setRange(spec, Number(outOf[1]) <= 10 ? 1 : 0, Number(outOf[1]));
      blank(outOf.index, outOf.index + outOf[0].length);
    }
    const upTo = /\b(?:up to|at most|max(?:imum)?|no more than)\s+(\d+)\b/.exec(lower());
    if (upTo) {
      spec.max = Number(upTo[1]);
      spec.kind ??= "integer";
      blank(upTo.index, upTo.index + upTo[0].length);
    }
    const atLeast = /\b(?:at least|min(?:imum)?|no less than)\s+(\d+)\b/.exec(lower());
    if (atLeast) {
      spec.min = Number(atLeast[1]);
      spec.kind ??= "integer";
      blank(atLeast.index, atLeast.index + atLeast[0].length);
    }
    const stars = /\b(\d+)[- ]stars?\b/.exec(lower());
    if (stars) {
      setRange(spec, 1, Number(stars[1]));
      name ??= "rating";
      blank(stars.index, stars.index + stars[0].length);
    }
  }

  // Units and currencies in the words: "weight in kg", "price in euros", "distance km", "€ price".
  const inUnit = new RegExp(
    `\\b(?:in|as|${MONEY.test(lower()) ? "" : "per|"}measured in)\\s+(${UNIT_WORDS.source}|${CURRENCY_WORDS.source})(?=\\s|$)`,
  ).exec(lower());
  if (inUnit) {
    if (unitOrCurrency(inUnit[1]!, spec)) blank(inUnit.index, inUnit.index + inUnit[0].length);
  } else {
    const bare = new RegExp(`(?:^|\\s)(${CURRENCY_WORDS.source})(?=\\s|$)|\\s(${UNIT_ABBREVIATIONS.source})\\s*$`).exec(
      lower(),
    );
    // ("price per kg" is money for each kg, not a weight.)
    const perUnit = !!bare && !bare[1] && MONEY.test(lower()) && /\bper\s+\S+\s*$/.test(lower());
    if (bare && !perUnit && (bare[1] || spec.kind === undefined) && unitOrCurrency((bare[1] ?? bare[2])!, spec))
      blank(bare.index, bare.index + bare[0].length);
  }
  // "number of sets", "no. of guests", "# of pages", "count of visitors", "amount of water".
  const numberOf = /^\s*(?:the\s+)?(?:total\s+)?(?:number|#|count|quantity|amount|num)\s+of\s+/.exec(lower());
  if (numberOf && !name) {
    const rest = lower().slice(numberOf[0].length).trim();
    const isMoney = /^(?:money|cash)\b/.test(rest) || (/^amount/.test(numberOf[0].trim()) && MONEY.test(rest));
    blank(numberOf.index, numberOf.index + numberOf[0].length);
    if (isMoney) spec.kind = "money";
    else if (/amount/.test(numberOf[0]) && !isPlural(rest.split(/\s+/)[0] ?? "")) spec.kind ??= "number";
    else {
      spec.kind = spec.kind === "number" || spec.kind === "money" ? spec.kind : "integer";
      spec.min ??= 0;
    }
    spec.cued = true;
  }
  cut(/\s*[£$€]\s?\d+(?:[.,]\d+)?|\s*\d+(?:[.,]\d+)?\s?[£$€]/);
  stripEnds();

  // "auto-renew on or off", "insured yes or no": whether it is so.
  const onOff = /^\s*([\p{L}-]+(?: [\p{L}-]+){0,2}?)\s+(?:on or off|on\/off|yes or no|yes\/no|or not)\s*$/u.exec(
    lower(),
  );
  if (!name && onOff && spec.kind === undefined) {
    name = snakeCase(onOff[1]!);
    spec.kind = "boolean";
    spec.cued = true;
    blank(0, p.text.length);
  }
  // "recurring themes as tags", "ingredients as a list": the words, kept as tags.
  const asTags = /\s+as\s+(?:a\s+)?(?:tags|labels|keywords|list of tags)\s*$/.exec(lower());
  if (asTags && spec.kind === undefined) {
    spec.kind = "tags";
    spec.cued = true;
    blank(asTags.index, asTags.index + asTags[0].length);
  }
  // "collected or dropped off", "home or away": a choice between the two.
  const either = /^\s*([\p{L}-]+(?: [\p{L}-]+)?) or ([\p{L}-]+(?: [\p{L}-]+)?)\s*$/u.exec(lower());
  const yesOr = /^\s*([\p{L}-]+)\s+or\s+(?:still\s+|not\s+yet\s+)?(?:[\p{L}-]+\s+){2,}[\p{L}-]+\s*$/u.exec(lower());
  if (!name && yesOr && spec.kind === undefined) {
    name = snakeCase(yesOr[1]!);
    spec.kind = "boolean";
    blank(0, p.text.length);
  }
  if (!name && either && spec.kind === undefined && !/^(?:not|no|none)$/.test(either[2]!)) {
    name = snakeCase(`${either[1]} or ${either[2]}`);
    applyOptions(spec, [either[1]!, either[2]!], false);
    blank(0, p.text.length);
  }

  // The name, from what is left.
  const ws = nameWords(p);
  if (!name) {
    if (ws.length === 0) {
      if (spec.options && spec.kind === "enum" && spec.options.length === 2 && /\beither\b/.test(source.toLowerCase()))
        name = `${spec.options[0]}_or_${spec.options[1]}`;
      else if (spec.options && spec.kind === "enum") name = "type";
      else if (spec.kind === "boolean" && spec.options === undefined) return null;
      else if (spec.currency) name = "amount";
      else return null;
    } else name = nameFrom(ws);
  }
  if (!name) return null;
  // "how many times a day" → times_per_day.
  if (/\b(?:a|per|each)\s+(?:day|week|month|year|night)\b/.test(source.toLowerCase()))
    name = name.replace(/^(.+?)_(day|week|month|year|night)$/, "$1_per_$2");
  const text = ws.map((w) => w.lower).join(" ");

  // "what's due", "what they need": words that describe, not a date or an amount.
  if (spec.kind === undefined && /^\s*what\b/i.test(source) && !/\bwhat\s+for\b/i.test(source))
    spec.kind = /\b(?:paid|cost|costs|spent|charged|owe|owed)\b/i.test(source) ? "money" : "text";
  // Kinds from the words of the name, where nothing has decided yet.
  if (spec.kind === undefined) {
    const kind = kindFromWords(text, ws, ctx);
    Object.assign(spec, kind.spec);
    if (kind.name) name = kind.name;
  } else if (spec.kind === "integer" || spec.kind === "number") {
    // A unit or range on money words stays money ("price in euros" is read above; "cost 1-100" here).
    if (MONEY.test(text) && spec.unit === undefined && !spec.explicit) spec.kind = "money";
  }
  if (spec.kind === "enum" && !spec.options) {
    const options = defaultOptions(name, ctx.entity, ctx.domain);
    if (options) spec.options = options;
    else spec.kind = "text";
  }
  if (spec.kind === "boolean" && spec.options) delete spec.options;

  // Units in the name and label: "weight_kg", "Weight (kg)".
  let label: string | undefined;
  if (spec.unit && (spec.kind === "integer" || spec.kind === "number")) {
    const unitName = snakeCase(spec.unit === "%" ? "percent" : spec.unit === "°" ? "degrees" : spec.unit);
    if (
      unitName &&
      !name.endsWith(unitName) &&
      !/^(?:minutes|hours|days|weeks|months|years|seconds|calories|kcal)$/.test(name)
    )
      name = `${name}_${unitName}`;
    label = `${humanize(name.replace(new RegExp(`_${unitName}$`), ""))} (${spec.unit})`;
  }
  if (spec.currency && spec.kind === "money") label = `${humanize(name)} (${spec.currency})`;

  // What it may point at: a noun that is not cued as something else.
  const nounish =
    ws.length > 0 &&
    ws.length <= 3 &&
    ws.every((w) => !tagIs.verb(w) || tagIs.noun(w) || isPlural(w.lower)) &&
    !ws.some((w) => tagIs.pronoun(w));
  if (spec.target === undefined && !spec.cued && nounish && spec.kind !== "boolean") {
    spec.target = singularize(name);
    if (isPlural(ws[ws.length - 1]!.lower)) spec.many = true;
  }

  const out: FieldSpec = { name, kind: spec.kind ?? "text", words: source };
  if (label) out.label = label;
  if (spec.required !== undefined) out.required = spec.required;
  if (spec.options) out.options = spec.options;
  if (spec.optionsGiven) out.optionsGiven = true;
  if (spec.min !== undefined && (out.kind === "integer" || out.kind === "number" || out.kind === "money"))
    out.min = spec.min;
  if (spec.max !== undefined && (out.kind === "integer" || out.kind === "number" || out.kind === "money"))
    out.max = spec.max;
  if (spec.target) out.target = spec.target;
  if (spec.many) out.many = true;
  if (spec.person) out.person = true;
  if (spec.join) out.join = true;
  if (spec.cued) out.cued = true;
  return out;
}

/** "sets", "reps", "players": plural words that count things (they keep their plural as names). */
export function isCountWord(name: string): boolean {
  return COUNTS.test(name.replace(/_/g, " "));
}

/** "out of the flatmates (Sam, Priya, Tom)": the choices for the field named just before. */
export function optionsAfter(p: Phrase): string[] | null {
  const m =
    /^\s*(?:out of|from|one of|among|chosen from|picked from|choosing from)\s+(?:the\s+)?[\p{L}' -]*\(([^)]*)\)\s*$/u.exec(
      p.text,
    );
  if (!m) return null;
  const listed = optionList(m[1]!.toLowerCase());
  return listed.length >= 2
    ? [...new Set(listed.map((o) => snakeCase(o.replace(/\+/g, " plus"))).filter(Boolean))]
    : null;
}

// ─── Pieces ──────────────────────────────────────────────────────────────────────────────────

type Partial2 = Partial<FieldSpec> & { unit?: string; currency?: string; rating?: boolean; explicit?: boolean };

/** What a bracketed aside says: "(cut, colour or styling)", "(yes/no)", "(1-5)", "(kg)", "(eg fiction)". */
function readAside(aside: string, spec: Partial2): void {
  if (
    /^(?:y\/n|yes ?\/ ?no|yes or no|yes\/no\/?|true ?\/ ?false|boolean|checkbox|tick ?box|check ?box|toggle)$/.test(
      aside,
    )
  ) {
    spec.kind = "boolean";
    spec.cued = true;
    return;
  }
  const range = /^(?:from\s+)?(-?\d+(?:\.\d+)?)\s*(?:-|–|to|through)\s*(-?\d+(?:\.\d+)?)(?:\s*(\w+))?$/.exec(aside);
  if (range) {
    setRange(spec, Number(range[1]), Number(range[2]));
    if (range[3] && /^stars?$/.test(range[3])) spec.rating = true;
    else if (range[3]) unitOrCurrency(range[3], spec);
    return;
  }
  const outOf = /^(?:out of|max|up to)\s+(\d+)$/.exec(aside);
  if (outOf) {
    setRange(spec, Number(outOf[1]) <= 10 ? 1 : 0, Number(outOf[1]));
    return;
  }
  const unit = /^(?:in\s+)?(.+)$/.exec(aside)![1]!;
  if (unitOrCurrency(unit, spec)) return;
  if (/^(?:date|a date)$/.test(aside)) return void ((spec.kind = "date"), (spec.cued = true));
  if (/^(?:number|a number|numeric|integer|whole number)$/.test(aside))
    return void (
      (spec.kind = aside.includes("whole") || aside === "integer" ? "integer" : "number"),
      (spec.cued = true),
      (spec.explicit = true)
    );
  if (/^(?:text|free text|long text|paragraph)$/.test(aside))
    return void ((spec.kind = aside === "text" ? "text" : "longtext"), (spec.cued = true));
  if (/^(?:url|link)$/.test(aside)) return void ((spec.kind = "url"), (spec.cued = true));
  // "sketch (photo)", "receipt (scan)": a picture kept by its link.
  if (/^(?:an? )?(?:photo|picture|image|scan|pic|screenshot)s?$/.test(aside))
    return void ((spec.kind = "url"), (spec.cued = true));
  if (/^(?:money|currency|amount)$/.test(aside)) return void ((spec.kind = "money"), (spec.cued = true));
  const examples = /^(?:eg|ie|like|such as|for example|for instance|say)\b[,:]?\s*(.+)$/.exec(aside);
  const listed = optionList(examples ? examples[1]! : aside.replace(/^(?:one of|either|options?:?)\s+/, ""));
  if (listed.length >= 2) applyOptions(spec, listed, !!examples);
}

/** "cut, colour or styling" → ["cut", "colour", "styling"]. */
function optionList(text: string): string[] {
  const cleaned = text.replace(/\s+(?:etc|and so on|or something|and more|or other)\s*$/, "").replace(/[.!]+$/, "");
  const parts = cleaned
    .split(/\s*(?:,|\/|\||;|\bor\b|\band\b|\bvs\b|\bversus\b)\s*/)
    .map((s) =>
      s
        .replace(/^(?:either|a|an|the|just|only)\s+/, "")
        .replace(/["']/g, "")
        .trim(),
    )
    .filter(Boolean);
  // Options are short: a word or three each.
  if (parts.some((s) => s.split(/\s+/).length > 4)) return [];
  return parts;
}

function applyOptions(spec: Partial2, listed0: string[], examples: boolean, isDefault = false): void {
  // "before or after meal": the noun after the last option is shared.
  let listed = listed0;
  if (listed.length === 2 && !/\s/.test(listed[0]!) && /^\S+\s+\S+$/.test(listed[1]!)) {
    const [word, shared] = listed[1]!.split(/\s+/) as [string, string];
    if (
      /^(?:before|after|left|right|front|back|upper|lower|morning|evening|home|away|first|second|inside|outside|indoor|outdoor|full|half|single|double|part|whole)$/.test(
        listed[0]!,
      ) &&
      word
    )
      listed = [`${listed[0]} ${shared}`, `${word} ${shared}`];
  }
  const yesNo = listed.length === 2 && listed.every((o) => /^(?:yes|no|y|n|true|false)$/.test(o));
  if (yesNo) {
    spec.kind = "boolean";
    spec.cued = true;
    return;
  }
  const options = [...new Set(listed.map((o) => snakeCase(o.replace(/\+/g, " plus"))).filter(Boolean))];
  if (examples && !options.includes("other")) options.push("other");
  if (options.length < 2) return;
  spec.kind = "enum";
  spec.options = options;
  spec.optionsGiven = !isDefault;
  spec.cued = true;
}

function setRange(spec: Partial2, a: number, b: number): void {
  const [min, max] = a <= b ? [a, b] : [b, a];
  spec.min = min;
  spec.max = max;
  if (spec.kind !== "money" && spec.kind !== "number")
    spec.kind = Number.isInteger(min) && Number.isInteger(max) ? "integer" : "number";
  spec.cued = true;
}

function unitOrCurrency(word: string, spec: Partial2): boolean {
  const w = word.trim().toLowerCase();
  for (const [re, symbol] of CURRENCIES) {
    if (re.test(w)) {
      spec.kind = "money";
      spec.currency = symbol;
      spec.cued = true;
      return true;
    }
  }
  for (const unit of UNITS) {
    if (unit.re.test(w)) {
      spec.unit = unit.unit;
      if (spec.kind !== "money") spec.kind = spec.kind === "integer" && unit.kind === "number" ? "number" : unit.kind;
      spec.cued = true;
      return true;
    }
  }
  return false;
}

/** The words a name is made of: letters and digits, without determiners and pronouns at the ends. */
function nameWords(p: Phrase): Word[] {
  const ws = words(p).filter((w) => !/^[$€£¥₹%#]$/.test(w.text));
  const drop = (w: Word) =>
    /^(?:the|a|an|some|any|its|it's|their|his|her|my|our|your|this|that|these|those|each|every|and|or|of|to|for|with|on|in|at|by|per|also|plus|too|is|are|it|them|they)$/.test(
      w.lower,
    );
  // "in stock", "on loan", "on hold": the preposition is the meaning.
  const keepsPreposition =
    ws.length === 2 &&
    /^(?:in|on|at)$/.test(ws[0]!.lower) &&
    /^(?:stock|use|progress|season|person|loan|hold|sale|display|time|budget|schedule|track|order|transit|repair)$/.test(
      ws[1]!.lower,
    );
  while (ws.length && drop(ws[0]!) && !keepsPreposition) ws.shift();
  // "reported by", "assigned to", "paid for": who or what it was done by or to.
  const byWhom =
    ws.length >= 2 &&
    /^(?:by|to|for|from|with)$/.test(ws[ws.length - 1]!.lower) &&
    (ws[ws.length - 2]!.tags.has("PastTense") || /(?:ed|en)$/.test(ws[ws.length - 2]!.lower));
  while (ws.length && drop(ws[ws.length - 1]!) && !byWhom) ws.pop();
  return ws;
}

const GENERIC_ATTRIBUTES =
  /^(?:name|title|date|number|type|kind|size|colou?r|address|length|weight|price|cost|time|start|end|amount|count|level|status|location|brand|model|year|description|author|owner|category|reason|source|style)$/;

/** A snake_case name from words: "name of the exercise" → "exercise_name"; at most four words. */
function nameFrom(ws: Word[]): string {
  let list = ws.map((w) => w.lower.replace(/'s$/, "").replace(/'/g, ""));
  // "clients name", "dogs breed": a plural before another noun is its owner, in the singular.
  if (
    list.length === 2 &&
    isPlural(list[0]!) &&
    /^(?:name|title|email|phone|address|number|age|breed|size|birthday|id)$/.test(list[1]!)
  )
    list[0] = singularize(list[0]!);
  // "name of the exercise" → "exercise name"; "date of birth" stays.
  const of = list.indexOf("of");
  if (
    of === 1 &&
    GENERIC_ATTRIBUTES.test(list[0]!) &&
    list.length - of - 1 <= 2 &&
    !/^(?:birth|death|issue|purchase|arrival|departure)$/.test(list[list.length - 1]!)
  ) {
    list = [...list.slice(of + 1).filter((w) => !/^(?:the|a|an|this|that|each|my|our|their|its)$/.test(w)), list[0]!];
  }
  list = list.filter(
    (w, i) => (i === 0 || !/^(?:the|a|an)$/.test(w)) && !(i > 0 && /^(?:their|its|his|her|my|our|your)$/.test(w)),
  );
  // "the client it was for", "the plants I have": the noun, without the clause that describes it.
  const firstNoun0 = ws.findIndex((w) => tagIs.noun(w) && !tagIs.pronoun(w));
  const clause = list.findIndex(
    (w, i) =>
      i > firstNoun0 && firstNoun0 >= 0 && /^(?:it|i|we|you|they|he|she|its|theyre|im|ive|that|which|who)$/.test(w),
  );
  if (clause > 0) list = list.slice(0, clause);
  if (list.length > 4) {
    // Cut at a preposition or a relative word after the first noun: "notes about how it went" → "notes".
    const firstNoun = ws.findIndex((w) => tagIs.noun(w));
    const stop = list.findIndex(
      (w, i) =>
        i > Math.max(0, firstNoun) &&
        /^(?:about|for|of|on|in|to|from|with|by|at|that|which|who|where|when|so|because|if|whether|i|we)$/.test(w),
    );
    if (stop > 0) list = list.slice(0, stop);
    list = list.slice(0, 4);
  }
  return snake(list);
}

function snake(list: string[]): string {
  return snakeCase(list.join(" "));
}

/** Kind from the words of a name, with the name they suggest (a "photo" is kept as "photo_url"). */
function kindFromWords(text: string, ws: Word[], ctx: FieldContext): { spec: Partial2; name?: string } {
  const last = ws[ws.length - 1];
  const cued = (kind: PlannedKind, extra: Partial2 = {}) => ({ spec: { kind, ...extra } });
  // A unit on its own is the measure: "litres", "miles", "hours".
  const unit = UNITS.find((u) => u.re.test(text));
  if (unit && ws.length === 1 && (isPlural(text) || (text.length <= 3 && text !== "day")))
    return cued(unit.kind, { unit: undefined });
  // "grams of flour", "litres of water", "bags of salt": a quantity measured in that unit.
  const unitOf = new RegExp(`^(${UNIT_WORDS.source}) of `).exec(text);
  const unitOfKind = unitOf ? UNITS.find((u) => u.re.test(unitOf[1]!)) : undefined;
  if (unitOfKind && !/^days? of (?:the )?(?:week|month)/.test(text)) return cued(unitOfKind.kind, { min: 0 });
  // "word count target", "stock count": a count, wherever the word stands.
  if (/\b(?:count|qty)\b/.test(text) && ws.length >= 2 && !/\bcount(?:r(?:y|ies)|ess|y)\b/.test(text))
    return cued("integer", { min: 0 });
  // "valid until", "use by", "potted up on": the date it happens.
  if (
    ws.length >= 2 &&
    /\b(?:until|till|by|on)$/.test(text) &&
    !/\b(?:made|written|reported|done|led|run|owned|checked|collected|given|taken|sent|signed|approved) by$/.test(
      text,
    ) &&
    (/\b(?:until|till)$/.test(text) ||
      ws.some((w) => w.tags.has("PastTense") || w.tags.has("Participle") || /(?:ed|en)$/.test(w.lower)))
  )
    return cued("date");
  // "opening night", "first night": the evening it happens.
  if (/^(?:opening|closing|first|last|premiere|gala|press|launch) night$/.test(text)) return cued("date");
  // "meeting day", "collection day": a day of the week that repeats.
  if (
    /^[\p{L}-]+ day$/u.test(text) &&
    !/^(?:due|birth|start|end|first|last|wedding|moving|release|race|match|game|event|sale|pay|payment|arrival|departure|delivery|launch|open|opening|closing|move|graduation|school|work|rest|leg|next|previous|this|every|each|one|same) day$/u.test(
      text,
    )
  ) {
    const options = defaultOptions("day_of_week");
    if (options) return { spec: { kind: "enum", options } };
  }
  // "number" on its own is which one in a row (chapter 3, dive 41): a whole number.
  if (text === "number") return cued("integer", { min: 0 });
  // "party size", "group size": how many people.
  if (/\b(?:party|group|team|class|household|family|batch|crowd) size$/.test(text)) return cued("integer", { min: 1 });
  // "pack size", "case size": how many come in one.
  if (/\b(?:pack|packet|box|case|carton|crate|tray|bundle|roll|bag|lot) size$/.test(text))
    return cued("integer", { min: 1 });
  // "car seats available", "copies left": how many of them.
  const countOf =
    /^(?:[\p{L}-]+ )?([\p{L}-]+) (?:available|left|remaining|needed|free|booked|sold|used|owned|in stock|on hand|taken)$/u.exec(
      text,
    );
  if (countOf && (COUNTS.test(countOf[1]!) || isPlural(countOf[1]!))) return cued("integer", { min: 0 });
  // "target per week", "visits per month": how many in that time.
  if (/\bper (?:day|week|month|year|night|session|visit)$/.test(text) && !MONEY.test(text))
    return cued("integer", { min: 0 });
  // "sold for", "bought for": the price.
  if (/^(?:sold|bought|went|listed|priced|valued|rented|let|hired) for$/.test(text)) return cued("money");
  // "deposit received", "invoice sent", "form signed": whether it happened.
  if (
    /^(?!amount|total|sum|date|price|cost|fee|money|cash)[\p{L} -]+ (?:received|paid|sent|signed|returned|collected|done|confirmed|booked|approved|delivered|checked|completed|cleared|cashed|banked|posted|filed|submitted)$/u.test(
      text,
    )
  )
    return cued("boolean");
  // "hours spent", "minutes played": time, not money.
  if (
    /^(?:hours?|minutes?|mins|days?|weeks?|nights?)\b/.test(text) &&
    ws.length >= 2 &&
    !/^days? of (?:the )?(?:week|month)$/.test(text)
  )
    return cued(/^hours?\b/.test(text) ? "number" : "integer", { min: 0 });
  if (/^(?:days? of (?:the )?week|weekday)$/.test(text))
    return { spec: { kind: "enum", options: defaultOptions("day_of_week") ?? undefined } };
  // "contract start", "membership expires": a date.
  if (/\b(?:start|end|starts|ends|begins|expires|expiry|renewal|renews)$/.test(text) && ws.length >= 2)
    return cued("date");
  // "quantity in stock", "number of copies on loan": the measure is the first word.
  const head = /^([\p{L}-]+(?: [\p{L}-]+)?) (?:in|on|of|at|for|per|from|to)\b/u.exec(text)?.[1];
  if (head && (COUNTS.test(head) || /^(?:quantity|count|number|amount|total)$/.test(head)))
    return cued("integer", { min: 0 });
  if (EMAIL.test(text))
    return {
      spec: { kind: "email" },
      name: /^(?:e-?mail(?: address)?|mail address)$/.test(text) ? "email" : undefined,
    };
  if (/\bnumber$/.test(text) && ws.length >= 2 && !PHONE.test(text)) {
    // "invoice number", "serial number" identify (text); "table number", "target number" count or measure.
    const key = ws[ws.length - 2]!.lower;
    return ID_NUMBER_KEYS.test(key) ? cued("text") : cued("integer");
  }
  if (PHONE.test(text))
    return {
      spec: { kind: "phone" },
      name: /^(?:(?:tele)?phone(?: number| no)?|mobile(?: number)?|cell(?: ?phone)?(?: number)?|tel)$/.test(text)
        ? "phone"
        : undefined,
    };
  // "a photo of the original card": the photo.
  const imageOf = /^(photos?|pictures?|images?|scans?|sketch(?:es)?|drawings?) of\b/.exec(text);
  if (imageOf) return { spec: { kind: "url" }, name: `${singularize(imageOf[1]!)}_url` };
  if (IMAGE.test(text) && !/\b(?:url|link)$/.test(text))
    return { spec: { kind: "url" }, name: `${snakeCase(text)}_url` };
  const linkTo = /^(?:links?|urls?) to (?:the |a |an |my |its |their )?(.+)$/.exec(text);
  if (linkTo) return { spec: { kind: "url" }, name: `${snakeCase(linkTo[1]!)}_link` };
  if (URL.test(text) && !/\blinked\b/.test(text))
    return { spec: { kind: "url" }, name: /^(?:urls?|links?)$/.test(text) ? "url" : undefined };
  if (DATETIME.test(text))
    return {
      spec: { kind: "datetime" },
      name: /^(?:date ?(?:and|\/) ?time|time ?(?:and|\/) ?date|date-time)$/.test(text) ? "date_time" : undefined,
    };
  if (DURATION.test(text)) return { spec: { kind: "integer", unit: "minutes", min: 0 } };
  if (
    text === "time" &&
    /^(?:run|ride|swim|race|lap|workout|walk|hike|jog|cycle|row|climb|game|match|puzzle|attempt|session)$/.test(
      ctx.entity ?? "",
    )
  )
    return cued("integer", { unit: "minutes", min: 0 });
  if (/^(?:times?|time of day|start|end|starts|ends)$/.test(text) || (/\btime$/.test(text) && !DURATION.test(text)))
    return cued("datetime");
  if (/^(?:year|years?|year [\w-]+|[\w-]+ year)$/.test(text) && !/\byears? old\b/.test(text)) return cued("integer");
  if (/^last \w+(?:ed|en)\b/.test(text) || /^\w+ed on$/.test(text)) return cued("date");
  // "last service", "last visit": when it last happened ("last name" is a name).
  if (/^last (?!name|names|initial)[\p{L}-]+$/u.test(text)) return cued("date");
  // "balance due", "amount owed": money that is due, not a date.
  if (MONEY.test(text) && /\b(?:due|owed|outstanding|remaining|left|paid|so far)$/.test(text) && !/\bdate\b/.test(text))
    return cued("money");
  if (DATE.test(text)) return cued("date");
  if (
    MONEY.test(text) &&
    !/\bin charge\b/.test(text) &&
    !/\b(?:card|method|type|details?|reference|ref|status|plan|schedule|name|frequency|day|account|provider|terms|link)$/.test(
      text,
    )
  )
    return cued("money");
  // "the quote I gave" for a repair is a price; a quote in a collection of sayings is text.
  if (/^quotes?\b/.test(text) && !/\b(?:said|author|book|film|movie|speech|source)\b/.test(text))
    return /\b(?:repair|job|customer|client|contractor|price|cost|work|service|bid|invoice|estimate|vendor|supplier|builder|caterer|plumber|electrician|tradesm[ae]n)s?\b/.test(
      ctx.domain ?? "",
    ) && ctx.entity !== "quote"
      ? cued("money")
      : cued("longtext");
  if (TAGS.test(text)) return cued("tags");
  if (LONGTEXT.test(text) && !/\b(?:number|count|date|title|name)$/.test(text)) return cued("longtext");
  if (/^(?:ratings?|stars?|star rating|score out of \d+)$/.test(text)) return cued("integer", { min: 1, max: 5 });
  if (ENUMISH.test(text) && !COUNTS.test(text)) {
    const options = defaultOptions(snakeCase(text), ctx.entity, ctx.domain);
    if (options) return { spec: { kind: "enum", options } };
    return cued("text");
  }
  if (COUNTS.test(text)) return cued("integer", { min: 0 });
  if (MEASURES.test(text)) return cued("number");
  if (BOOLEAN_WORDS.test(text)) return cued("boolean");
  // One word that describes rather than names: "paid", "signed", "favourite", "urgent".
  if (ws.length === 1 && last && !tagIs.noun(last) && (last.tags.has("PastTense") || last.tags.has("Participle"))) {
    if (
      !/^(?:last|first|next|other|new|old|main|total|current|own|same|different|full|short|long|big|small|little|few|many|much|more|most|extra|final|daily|weekly|monthly|yearly|annual)$/.test(
        last.lower,
      )
    )
      return cued("boolean");
  }
  return cued("text");
}

/** "it is paid" → paid; "I've read it" → read; "I own it" → owned; "they need a ride" → needs_ride. */
function predicateName(p: Phrase): { name: string; options?: string[] } {
  const ws = words(p);
  // "indoor or outdoor": a choice, not a yes/no.
  const or = p.text.toLowerCase().match(/\b([\p{L}-]+) or ([\p{L}-]+)\s*$/u);
  if (or && !/^(?:not|no)$/.test(or[2]!)) {
    const before = ws.filter(
      (w) =>
        !/^(?:it|they|he|she|i|we|you|is|are|was|were|it's|they're|i'm|be|been|the|a|an)$/.test(w.lower) &&
        w.lower !== or[1] &&
        w.lower !== or[2],
    );
    return {
      name: snakeCase(before.length ? before.map((w) => w.lower).join(" ") : `${or[1]} or ${or[2]}`),
      options: [or[1]!, or[2]!],
    };
  }
  const AUX =
    /^(?:is|are|was|were|be|been|being|has|have|had|does|do|did|can|could|will|would|should|shall|may|might|must|got|gets|get|already|yet|still|ever|really|actually|currently|now)$/;
  const SUBJECT =
    /^(?:it|they|he|she|i|we|you|this|that|there|i've|i'm|i'd|it's|they're|they've|we've|we're|you've|he's|she's|one|someone|anyone|the|a|an|my|our|their|his|her)$/;
  const OBJECT = /^(?:it|them|him|her|me|us|one|yet|already|before|again|this|that)$/;
  let rest = ws.map((w) => ({ ...w, lower: w.lower.replace(/'(?:d|ve|s|re|m|ll)$/, "") }));
  const pastQuestion = /^(?:did|was|were|had)$/.test(rest[0]?.lower ?? "");
  while (rest.length > 1 && AUX.test(rest[0]!.lower)) rest = rest.slice(1);
  // Drop the subject: pronouns, or a noun phrase before the verb ("the dog has been vaccinated").
  const firstVerb = rest.findIndex((w, i) => i > 0 && (tagIs.verb(w) || AUX.test(w.lower)));
  if (
    firstVerb > 0 &&
    rest.slice(0, firstVerb).every((w) => SUBJECT.test(w.lower) || tagIs.noun(w) || tagIs.determiner(w))
  )
    rest = rest.slice(firstVerb);
  else while (rest.length > 1 && SUBJECT.test(rest[0]!.lower)) rest = rest.slice(1);
  while (rest.length > 1 && AUX.test(rest[0]!.lower)) rest = rest.slice(1);
  while (rest.length > 1 && OBJECT.test(rest[rest.length - 1]!.lower)) rest = rest.slice(0, -1);
  rest = rest.filter((w) => !/^(?:the|a|an|it|them|already|yet|ever)$/.test(w.lower));
  if (rest.length === 0) return { name: "yes" };
  const first = rest[0]!;
  // A verb in the present on its own: "I own it" → owned; with an object: "they need a ride" → needs_ride.
  if (
    (first.tags.has("Infinitive") || first.tags.has("PresentTense")) &&
    !first.tags.has("Gerund") &&
    !tagIs.noun(first)
  ) {
    const forms = conjugate(first.lower);
    if (rest.length === 1) return { name: snakeCase(forms.past) };
    const verb = /^(?:has|have)$/.test(first.lower)
      ? pastQuestion
        ? "had"
        : "has"
      : pastQuestion
        ? forms.past
        : forms.present;
    return { name: snakeCase([verb, ...rest.slice(1).map((w) => w.lower)].slice(0, 4).join(" ")) };
  }
  return {
    name: snakeCase(
      rest
        .slice(0, 4)
        .map((w) => w.lower)
        .join(" "),
    ),
  };
}

/** Past participles that differ from the past tense ("done by", not "did by"). */
const PARTICIPLES: Record<string, string> = {
  did: "done",
  took: "taken",
  wrote: "written",
  gave: "given",
  ate: "eaten",
  drove: "driven",
  rode: "ridden",
  saw: "seen",
  went: "gone",
  chose: "chosen",
  broke: "broken",
  spoke: "spoken",
  stole: "stolen",
  ran: "run",
  sang: "sung",
  began: "begun",
  drew: "drawn",
  grew: "grown",
  knew: "known",
  threw: "thrown",
  flew: "flown",
  forgot: "forgotten",
  hid: "hidden",
  bit: "bitten",
  shook: "shaken",
  woke: "woken",
  wore: "worn",
  tore: "torn",
  swam: "swum",
  drank: "drunk",
  rang: "rung",
  came: "come",
  became: "become",
  fell: "fallen",
  froze: "frozen",
  showed: "shown",
  sewed: "sewn",
  mowed: "mown",
};

/** "who borrowed it" → borrowed_by; "who I lent it to" → lent_to; "who owns it" → owner; "who is responsible" → responsible. */
function personName(p: Phrase): string {
  const ws = words(p).map((w) => ({ ...w, lower: w.lower.replace(/'(?:s|re|ve|d)$/, "") }));
  const rest = ws.filter(
    (w) =>
      !/^(?:it|them|the|a|an|this|that|is|are|was|were|has|have|had|been|be|will|would|should|did|does|do|last|first|most|recently|usually|always|currently|actually)$/.test(
        w.lower,
      ),
  );
  if (rest.length === 0) return "person";
  // "who it's for", "who it is for": the person it is for.
  if (rest.length === 1 && /^(?:for|to)$/.test(rest[0]!.lower)) return "recipient";
  const subject = /^(?:i|we|you|they|he|she)$/.test(rest[0]!.lower);
  const verbs = rest.filter((w) => tagIs.verb(w) || w.tags.has("PastTense"));
  const verb = verbs[0];
  if (!verb)
    return snakeCase(
      rest
        .map((w) => w.lower)
        .slice(0, 3)
        .join(" "),
    );
  const forms = conjugate(verb.lower);
  if (subject) {
    const prep = rest.find((w) => tagIs.preposition(w) || /^(?:to|for|with|from)$/.test(w.lower));
    return snakeCase(`${forms.past} ${prep ? prep.lower : "to"}`);
  }
  if (/^(?:own|owns|owned)$/.test(verb.lower)) return "owner";
  const after = rest.slice(rest.indexOf(verb) + 1).filter((w) => !tagIs.pronoun(w));
  const done = PARTICIPLES[forms.past] ?? forms.past;
  const particle = rest[rest.indexOf(verb) + 1];
  if (particle && /^(?:out|up|off|back|over|in|down|away)$/.test(particle.lower))
    return snakeCase(`${done} ${particle.lower} by`);
  if (after.length > 0 && (tagIs.preposition(after[0]!) || /^(?:to|for|with)$/.test(after[0]!.lower)))
    return snakeCase(`${done} ${after[0]!.lower}`);
  if (
    after.length > 0 &&
    tagIs.noun(after[0]!) &&
    !/^(?:this|next|last|every)$/.test(after[0]!.lower) &&
    !/^(?:week|day|month|time|today|tonight|now)$/.test(after[0]!.lower)
  )
    return snakeCase(
      `${done} ${after
        .map((w) => w.lower)
        .slice(0, 2)
        .join(" ")} by`,
    );
  return `${snakeCase(done)}_by`;
}

/** "when I bought it" → bought_on; "when it's due" → due_date; "when it was last watered" → last_watered. */
function whenName(p: Phrase): string {
  const ws = words(p).map((w) => ({ ...w, lower: w.lower.replace(/'(?:s|re|ve|d|m)$/, "") }));
  const rest = ws.filter(
    (w) =>
      !/^(?:it|they|he|she|i|we|you|is|are|was|were|be|been|has|have|had|did|do|does|will|would|should|the|a|an|it|them|first|last)$/.test(
        w.lower,
      ) || w === ws[0],
  );
  if (rest.length === 0) return "date";
  if (rest[0]!.lower === "due") return "due_date";
  if (rest[0]!.lower === "last" && rest[1]) return snakeCase(`last ${conjugate(rest[1].lower).past}`);
  const lastAt = ws.findIndex((w) => w.lower === "last");
  const lastVerb = rest.find((w) => tagIs.verb(w) || w.tags.has("PastTense"));
  if (lastAt >= 0 && lastVerb) return snakeCase(`last ${conjugate(lastVerb.lower).past}`);
  const verb = rest.find((w) => tagIs.verb(w) || w.tags.has("PastTense"));
  if (!verb)
    return snakeCase(
      `${rest
        .map((w) => w.lower)
        .slice(0, 2)
        .join(" ")} date`,
    );
  // "when the prescription runs out" → runs_out; "when it comes back" → comes_back.
  const particle = rest[rest.indexOf(verb) + 1];
  if (particle && /^(?:out|up|off|over|back|in|down|away)$/.test(particle.lower))
    return snakeCase(`${verb.lower} ${particle.lower}`);
  return snakeCase(`${conjugate(verb.lower).past} on`);
}

function moneyName(head: Word[]): string {
  const noun = head.find((w) => MONEY.test(w.lower) && tagIs.noun(w));
  if (noun) return snakeCase(noun.lower);
  const verb = head.find((w) =>
    /^(?:cost|costs|paid|pay|spend|spent|charge|charged|owe|owed|earn|earned|sold|bought|worth)$/.test(w.lower),
  );
  if (!verb) return "amount";
  if (/^(?:cost|costs)$/.test(verb.lower)) return "cost";
  if (/^(?:worth)$/.test(verb.lower)) return "value";
  return `amount_${snakeCase(conjugate(verb.lower).past)}`;
}
