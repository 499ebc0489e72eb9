/**
 * Descriptions the planner was not tuned on, in domains and phrasings the evaluation corpus does
 * not have, each with what a person would expect from it (the corpus format of
 * docs/planner-eval.md). They were written before the planner's general reading was changed for
 * them, and are kept as written: a case the planner still gets wrong is listed in
 * planner-general.test.ts as a known gap, not rewritten to pass.
 */
export const GENERAL_CASES = {
  version: 1,
  cases: [
    {
      id: "g-beehives",
      text: "I keep bees. I'd like to record my hives (name, location, queen colour) and every inspection I do on a hive: the date, whether I saw the queen, how many frames of brood, temper (calm, nervous, aggressive) and honey taken in kg.",
      domain: "hobby",
      shapes: ["sentences", "parens", "relation", "enum", "units"],
      login: true,
      entities: [
        { table: "hives", fields: { name: "text", location: "text", "queen_colour|queen_color": "text|enum" } },
        {
          table: "inspections|hive_inspections",
          fields: {
            date: "date",
            "saw_queen|queen_seen|seen_queen|queen": "boolean",
            "frames_of_brood|brood_frames|frames|brood": "integer",
            temper: { kind: "enum", options: ["calm", "nervous", "aggressive"] },
            "honey_taken|honey": "number",
          },
        },
      ],
      relations: [{ from: "inspections", to: "hives" }],
    },
    {
      id: "g-pottery-firings",
      text: "Kiln firing log for my pottery studio. Every firing has a date, the type (bisque or glaze), the peak temperature in °C and how long it took in hours. Pieces go into firings; for each piece I note the clay body, the glaze and whether it survived.",
      domain: "hobby",
      shapes: ["sentences", "parens", "relation", "enum", "units"],
      login: true,
      entities: [
        {
          table: "firings",
          fields: {
            date: "date",
            "type|firing_type": { kind: "enum", options: ["bisque", "glaze"] },
            "peak_temperature|temperature": "number",
            "duration|hours|time_taken|length|firing_time": "number|integer",
          },
        },
        { table: "pieces", fields: { clay_body: "text", glaze: "text", survived: "boolean" } },
      ],
      relations: [{ from: "pieces", to: "firings" }],
    },
    {
      id: "g-wine-cellar",
      text: "wine cellar: bottles with producer, vintage year, region, grape, how many I have, the rack they're in, and drink-by year",
      domain: "hobby",
      shapes: ["colon", "with"],
      login: true,
      entities: [
        {
          table: "bottles|wines",
          fields: {
            producer: "text",
            "vintage_year|vintage": "integer",
            region: "text",
            grape: "text",
            "quantity|count|how_many|number|bottles|amount": "integer",
            rack: "text|reference",
            "drink_by_year|drink_by": "integer|date",
          },
        },
        { table: "racks", optional: true },
      ],
    },
    {
      id: "g-stargazing",
      text: "Stargazing observations - object observed, constellation, date and time, telescope used, seeing conditions from 1 to 5, and a sketch (photo).",
      domain: "hobby",
      shapes: ["dash", "range"],
      login: true,
      entities: [
        {
          table: "observations",
          fields: {
            "object_observed|object": "text",
            constellation: "text",
            "date_and_time|date_time|observed_at|when": "datetime",
            "telescope_used|telescope": "text",
            "seeing_conditions|seeing": { kind: "integer", min: 1, max: 5 },
            "sketch|sketch_photo": "url",
          },
        },
      ],
    },
    {
      id: "g-fishing",
      text: "A log of the fish I catch. Species, weight (lbs), length in inches, the spot, bait used, and did I release it.",
      domain: "hobby",
      shapes: ["sentences", "units", "question"],
      login: true,
      entities: [
        {
          table: "catches|fish|fishes|catch_logs",
          fields: {
            species: "text",
            weight: "number",
            length: "number",
            "spot|location": "text",
            "bait_used|bait": "text",
            "released|release": "boolean",
          },
        },
      ],
    },
    {
      id: "g-climbing",
      text: "climbing log — route name, grade (e.g. 6a, 6b, 7a), crag, style: onsight, flash, redpoint or attempt — and the date I sent it",
      domain: "hobby",
      shapes: ["dash", "enum"],
      login: true,
      entities: [
        {
          table: "climbs|routes|ascents|sends",
          fields: {
            "route_name|route|name": "text",
            grade: "text|enum",
            crag: "text",
            style: { kind: "enum", options: ["onsight", "flash", "redpoint", "attempt"] },
            "date|sent_on|date_sent": "date",
          },
        },
      ],
    },
    {
      id: "g-ham-radio",
      text: "Radio contacts (QSOs): callsign, frequency in MHz, mode (SSB, CW, FT8), signal report sent and received, date/time in UTC",
      domain: "hobby",
      shapes: ["colon", "parens", "enum"],
      login: true,
      entities: [
        {
          table: "contacts|qsos|radio_contacts",
          fields: {
            callsign: "text",
            frequency: "number",
            mode: { kind: "enum", options: ["ssb", "cw", "ft8"] },
            "report_sent|signal_report_sent|sent_report|sent": "text|integer",
            "report_received|signal_report_received|received_report|received": "text|integer",
            "date_time|date_and_time|time|when": "datetime",
          },
        },
      ],
    },
    {
      id: "g-family-tree",
      text: "Family tree: people with first name, last name, birth date, death date and birthplace, and each person's mother and father (who are also people in the tree).",
      domain: "personal",
      shapes: ["colon", "with", "relation"],
      login: true,
      entities: [
        {
          table: "people|persons|family_members|relatives",
          fields: {
            first_name: "text",
            last_name: "text",
            "birth_date|date_of_birth|born_on|born": "date",
            "death_date|date_of_death|died_on|died": "date",
            "birthplace|place_of_birth|birth_place": "text",
            mother: "reference",
            father: "reference",
          },
        },
      ],
      relations: [{ from: "people", to: "people" }],
    },
    {
      id: "g-thesis-references",
      text: "For my thesis I need to keep references: papers with a title, year, journal and DOI, and the authors of each paper (an author can write many papers).",
      domain: "school",
      shapes: ["colon", "with", "relation", "many-to-many"],
      login: true,
      entities: [
        { table: "papers|references", fields: { title: "text", year: "integer", journal: "text", doi: "text|url" } },
        { table: "authors", fields: { name: { kind: "text", optional: true } } },
      ],
      relations: [{ from: "papers", to: "authors", many: true }],
    },
    {
      id: "g-lab-samples",
      text: "Lab sample tracking. Freezers have a name and a temperature. Boxes sit in a freezer and have a label. Each sample is stored in a box, with a sample ID, the collection date, the type (blood, saliva, tissue) and who collected it.",
      domain: "work",
      shapes: ["sentences", "has", "relation", "enum"],
      login: true,
      entities: [
        { table: "freezers", fields: { name: "text", temperature: "number" } },
        { table: "boxes", fields: { label: "text" } },
        {
          table: "samples",
          fields: {
            "sample_id|sample_code|code|sample_number": "text",
            "collection_date|collected_on|date_collected": "date",
            "type|sample_type": { kind: "enum", options: ["blood", "saliva", "tissue"] },
            "collected_by|collector": "text|reference",
          },
        },
      ],
      relations: [
        { from: "boxes", to: "freezers" },
        { from: "samples", to: "boxes" },
      ],
    },
    {
      id: "g-marina",
      text: "Harbour master app: berths (number, length in metres, monthly fee) and boats — name, owner, owner's phone, length and which berth it's in.",
      domain: "small-business",
      shapes: ["colon", "parens", "dash", "relation", "british"],
      login: true,
      entities: [
        {
          table: "berths",
          fields: { "number|berth_number": "text|integer", length: "number", "monthly_fee|fee": "money" },
        },
        {
          table: "boats",
          fields: {
            name: "text",
            owner: "text",
            "owner_phone|owners_phone|phone": "phone",
            length: "number",
            berth: "reference",
          },
        },
      ],
      relations: [{ from: "boats", to: "berths" }],
    },
    {
      id: "g-riding-stables",
      text: "Riding stables: horses (name, breed, age, max rider weight) and riders (name, level: beginner, intermediate, advanced). Lessons are booked for a rider on a horse at a date and time.",
      domain: "small-business",
      shapes: ["colon", "parens", "relation", "enum", "sentences"],
      login: true,
      entities: [
        {
          table: "horses",
          fields: {
            name: "text",
            breed: "text",
            age: "integer",
            "max_rider_weight|max_weight|rider_weight": "number|integer",
          },
        },
        {
          table: "riders",
          fields: { name: "text", level: { kind: "enum", options: ["beginner", "intermediate", "advanced"] } },
        },
        { table: "lessons", fields: { "date_and_time|date_time|starts_at|when|date": "datetime" } },
      ],
      relations: [
        { from: "lessons", to: "riders" },
        { from: "lessons", to: "horses" },
      ],
    },
    {
      id: "g-theatre-costumes",
      text: "Costume store for an amateur theatre. Costumes: description, size, period (Victorian, 1920s, modern), which rail it hangs on. Productions have a title and opening night. A costume can be used in several productions.",
      domain: "club",
      shapes: ["sentences", "colon", "parens", "enum", "many-to-many"],
      login: true,
      entities: [
        {
          table: "costumes",
          fields: {
            description: "text|longtext",
            size: "text|enum",
            period: { kind: "enum", options: ["victorian", "1920s", "modern"] },
            rail: "text|reference",
          },
        },
        {
          table: "productions",
          fields: { title: "text", "opening_night|opening|opens_on|opening_date": "date|datetime" },
        },
        { table: "rails", optional: true },
      ],
      relations: [{ from: "costumes", to: "productions", many: true }],
    },
    {
      id: "g-escape-room",
      text: "Escape room bookings: which room (Pharaoh's Tomb, Bank Heist, Haunted Manor), group name, number of players, date and time, paid online or at the door, and their finish time in minutes.",
      domain: "small-business",
      shapes: ["colon", "parens", "enum", "units"],
      login: true,
      entities: [
        {
          table: "bookings",
          fields: {
            room: { kind: "enum|reference", options: ["pharaohs_tomb", "bank_heist", "haunted_manor"] },
            group_name: "text",
            "players|number_of_players": "integer",
            "date_and_time|date_time|starts_at|when": "datetime",
            "paid|payment|paid_online_or_at_the_door|payment_method": {
              kind: "enum",
              options: ["online", "at_the_door"],
            },
            "finish_time|time": "integer|number",
          },
        },
        { table: "rooms", optional: true },
      ],
    },
    {
      id: "g-translation-agency",
      text: "We're a small translation agency. Translators: name, email, languages they work in, rate per word. Jobs: client, source language, target language, word count, deadline, assigned translator, status (quoted, in progress, delivered, invoiced).",
      domain: "small-business",
      shapes: ["sentences", "colon", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "translators",
          fields: {
            name: "text",
            email: "email",
            "languages|languages_they_work_in": "text|tags",
            "rate_per_word|rate": "money",
          },
        },
        {
          table: "jobs",
          fields: {
            client: "text|reference",
            source_language: "text",
            target_language: "text",
            word_count: "integer",
            deadline: "date",
            "translator|assigned_translator": "reference",
            status: { kind: "enum", options: ["quoted", "in_progress", "delivered", "invoiced"] },
          },
        },
        { table: "clients", optional: true },
      ],
      relations: [{ from: "jobs", to: "translators" }],
    },
    {
      id: "g-homebrew",
      text: "Homebrew batches: recipe name, brew date, original gravity, final gravity, ABV, and bottling date. I also take gravity readings during fermentation (date, gravity, temperature).",
      domain: "hobby",
      shapes: ["colon", "sentences", "parens", "relation"],
      login: true,
      entities: [
        {
          table: "batches",
          fields: {
            "recipe_name|recipe|name": "text",
            "brew_date|brewed_on": "date",
            original_gravity: "number",
            final_gravity: "number",
            abv: "number",
            "bottling_date|bottled_on": "date",
          },
        },
        {
          table: "readings|gravity_readings",
          fields: { date: "date|datetime", gravity: "number", temperature: "number" },
        },
      ],
      relations: [{ from: "readings", to: "batches" }],
    },
    {
      id: "g-sourdough",
      text: "feeding schedule for my sourdough starter — when I fed it, flour type, grams of flour, grams of water, and how much it rose (percent)",
      domain: "hobby",
      shapes: ["dash", "units"],
      login: true,
      entities: [
        {
          table: "feedings|feeds",
          fields: {
            "fed_on|fed_at|date|when|fed": "date|datetime",
            "flour_type|type_of_flour": "text|enum",
            "flour_grams|grams_of_flour|flour_amount|flour_weight": "number|integer",
            "water_grams|grams_of_water|water_amount|water_weight|water": "number|integer",
            "rise|rose|rise_percent|how_much_it_rose": "number|integer",
          },
        },
      ],
    },
    {
      id: "g-dream-journal",
      text: "dream journal: date, title, what happened, was it lucid, recurring themes as tags, and how vivid from 1 to 10",
      domain: "personal",
      shapes: ["colon", "question", "range"],
      login: true,
      entities: [
        {
          table: "dreams|entries|journal_entries|dream_entries",
          fields: {
            date: "date",
            title: "text",
            "what_happened|description|story|happened": "longtext|text",
            lucid: "boolean",
            "recurring_themes|themes|tags": "tags",
            "vividness|vivid|how_vivid": { kind: "integer", min: 1, max: 10 },
          },
        },
      ],
    },
    {
      id: "g-piano-tuner",
      text: "I tune pianos. Customers have a name, address and phone. Each customer may own one or more pianos (make, model, year, upright or grand). Every tuning visit is for a piano and has a date, pitch before in Hz, the fee and notes.",
      domain: "small-business",
      shapes: ["sentences", "has", "parens", "relation", "enum"],
      login: true,
      entities: [
        { table: "customers|clients", fields: { name: "text", address: "text", phone: "phone" } },
        {
          table: "pianos",
          fields: {
            make: "text",
            model: "text",
            year: "integer",
            "type|kind|upright_or_grand|style": { kind: "enum", options: ["upright", "grand"] },
          },
        },
        {
          table: "visits|tunings|tuning_visits",
          fields: { date: "date", "pitch_before|pitch": "number", fee: "money", notes: "longtext|text" },
        },
      ],
      relations: [
        { from: "pianos", to: "customers" },
        { from: "visits", to: "pianos" },
      ],
    },
    {
      id: "g-window-round",
      text: "window cleaning round - customers (name, address, how often: every 4 weeks or every 8 weeks, price per clean) and cleans (date, customer, paid)",
      domain: "small-business",
      shapes: ["dash", "parens", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "customers",
          fields: {
            name: "text",
            address: "text",
            "frequency|how_often": { kind: "enum", options: ["every_4_weeks", "every_8_weeks"] },
            "price_per_clean|price": "money",
          },
        },
        { table: "cleans|visits", fields: { date: "date", customer: "reference", paid: "boolean" } },
      ],
      relations: [{ from: "cleans", to: "customers" }],
    },
    {
      id: "g-dive-log",
      text: "Scuba dive log: dive site, country, max depth (m), bottom time in minutes, water temp, visibility, buddy, and the dive number",
      domain: "hobby",
      shapes: ["colon", "units"],
      login: true,
      entities: [
        {
          table: "dives",
          fields: {
            "dive_site|site": "text",
            country: "text",
            max_depth: "number",
            bottom_time: "integer|number",
            "water_temp|water_temperature": "number",
            visibility: "number|integer|text",
            buddy: "text",
            "dive_number|number": "integer",
          },
        },
      ],
    },
    {
      id: "g-dnd-campaign",
      text: "D&D campaign tracker. Player characters have a name, class, level and the player who plays them. Sessions have a number, date and a summary. Loot: item name, value in gold, and which character has it.",
      domain: "hobby",
      shapes: ["sentences", "has", "colon", "relation"],
      login: true,
      entities: [
        {
          table: "characters|player_characters",
          fields: { name: "text", class: "text|enum", level: "integer", player: "text|reference" },
        },
        { table: "sessions", fields: { "number|session_number": "integer", date: "date", summary: "longtext|text" } },
        {
          table: "loot|items|loot_items",
          fields: {
            "item_name|name|item": "text",
            "value|value_in_gold|gold": "integer|number|money",
            character: "reference",
          },
        },
        { table: "players", optional: true },
      ],
      relations: [{ from: "loot", to: "characters" }],
    },
    {
      id: "g-novel-planning",
      text: "Planning my novel: chapters with a number, working title and word count target; scenes belong to a chapter and have a POV character, a setting and a short summary. Characters: name, age, role (protagonist, antagonist, supporting).",
      domain: "personal",
      shapes: ["colon", "with", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "chapters",
          fields: {
            number: "integer",
            "working_title|title": "text",
            "word_count_target|target_word_count|word_target|word_count": "integer",
          },
        },
        {
          table: "scenes",
          fields: { "pov_character|pov|character": "reference|text", setting: "text", summary: "longtext|text" },
        },
        {
          table: "characters",
          fields: {
            name: "text",
            age: "integer",
            role: { kind: "enum", options: ["protagonist", "antagonist", "supporting"] },
          },
        },
      ],
      relations: [
        { from: "scenes", to: "chapters" },
        { from: "scenes", to: "characters" },
      ],
    },
    {
      id: "g-film-shoot",
      text: "Short film production: scenes (scene number, description, interior or exterior, day or night), locations (name, address, permit needed?) and shoot days with a date and a call time. Each scene is shot at one location.",
      domain: "work",
      shapes: ["colon", "parens", "relation", "enum", "question"],
      login: true,
      entities: [
        {
          table: "scenes",
          fields: {
            "scene_number|number": "integer|text",
            description: "text|longtext",
            "interior_or_exterior|int_ext|interior": "enum|boolean",
            "day_or_night|time_of_day": "enum",
          },
        },
        {
          table: "locations",
          fields: { name: "text", address: "text", "permit_needed|permit|needs_permit": "boolean" },
        },
        { table: "shoot_days|days", fields: { date: "date", call_time: "datetime|text" } },
      ],
      relations: [{ from: "scenes", to: "locations" }],
    },
    {
      id: "g-museum",
      text: "Our little local museum: objects (accession number, name, material, date acquired, donor) and donors (name, contact details). Exhibitions have a title, start and end date, and show many objects; an object can be in several exhibitions.",
      domain: "nonprofit",
      shapes: ["colon", "parens", "relation", "many-to-many", "sentences"],
      login: true,
      entities: [
        {
          table: "objects",
          fields: {
            accession_number: "text",
            name: "text",
            material: "text",
            "date_acquired|acquired_on": "date",
            donor: "reference",
          },
        },
        { table: "donors", fields: { name: "text", "contact_details|contact": "text|longtext" } },
        {
          table: "exhibitions",
          fields: { title: "text", "start_date|start|starts_on": "date", "end_date|end|ends_on": "date" },
        },
      ],
      relations: [
        { from: "objects", to: "donors" },
        { from: "objects", to: "exhibitions", many: true },
      ],
    },
    {
      id: "g-parking-permits",
      text: "Parking permits for our block of flats: flat number, resident name, car registration, permit number, valid until",
      domain: "home",
      shapes: ["colon"],
      login: true,
      entities: [
        {
          table: "permits|parking_permits",
          fields: {
            "flat_number|flat": "text|integer",
            resident_name: "text",
            "car_registration|registration": "text",
            permit_number: "text",
            "valid_until|expires|expiry|expiry_date": "date",
          },
        },
      ],
    },
    {
      id: "g-youth-orchestra",
      text: "Youth orchestra: musicians with name, instrument (violin, viola, cello, double bass, flute, clarinet, trumpet), school year and parent email. Concerts have a venue and date. We need to know which musicians are playing in which concert.",
      domain: "club",
      shapes: ["colon", "with", "parens", "enum", "many-to-many", "sentences"],
      login: true,
      entities: [
        {
          table: "musicians",
          fields: {
            name: "text",
            instrument: {
              kind: "enum",
              options: ["violin", "viola", "cello", "double_bass", "flute", "clarinet", "trumpet"],
            },
            "school_year|year": "integer|text",
            parent_email: "email",
          },
        },
        { table: "concerts", fields: { venue: "text", date: "date|datetime" } },
      ],
      relations: [{ from: "musicians", to: "concerts", many: true }],
    },
    {
      id: "g-servers",
      text: "inventory of our servers - hostname, IP address, operating system, RAM in GB, owning team, and whether it's in production",
      domain: "work",
      shapes: ["dash", "units", "yes-no"],
      login: true,
      entities: [
        {
          table: "servers",
          fields: {
            hostname: "text",
            "ip_address|ip": "text",
            "operating_system|os": "text",
            ram: "number|integer",
            "owning_team|team|owner": "text",
            "in_production|production": "boolean",
          },
        },
      ],
    },
    {
      id: "g-domain-names",
      text: "Keep tabs on the domain names I own: domain, registrar, renewal date, yearly cost, auto-renew on or off.",
      domain: "work",
      shapes: ["colon", "yes-no"],
      login: true,
      entities: [
        {
          table: "domains|domain_names",
          fields: {
            "domain|name|domain_name": "text|url",
            registrar: "text",
            renewal_date: "date",
            "yearly_cost|cost": "money",
            auto_renew: "boolean|enum",
          },
        },
      ],
    },
    {
      id: "g-cuttings",
      text: "Propagation tracker for plant cuttings: mother plant, date taken, medium (water, soil, perlite), rooted yet?, potted up on",
      domain: "home",
      shapes: ["colon", "parens", "enum", "question"],
      login: true,
      entities: [
        {
          table: "cuttings",
          fields: {
            mother_plant: "text|reference",
            "date_taken|taken_on": "date",
            medium: { kind: "enum", options: ["water", "soil", "perlite"] },
            rooted: "boolean",
            "potted_up_on|potted_up|potted_on|potted_up_date": "date",
          },
        },
      ],
    },
    {
      id: "g-cheese-cave",
      text: "Cheese cave: each wheel gets a batch code, cheese type, make date, weight at make, target age in weeks, and I turn them weekly so a last turned date",
      domain: "hobby",
      shapes: ["colon", "has", "units"],
      login: true,
      entities: [
        {
          table: "wheels|cheeses",
          fields: {
            batch_code: "text",
            "cheese_type|type": "text|enum",
            "make_date|made_on": "date",
            "weight_at_make|weight": "number",
            "target_age|target_age_weeks": "integer",
            "last_turned|last_turned_date|turned_on": "date",
          },
        },
      ],
    },
    {
      id: "g-language-exchange",
      text: "Language exchange meetups: each meetup has a date, a café and a theme. Participants sign up with their name, native language and the language they're learning, and can come to many meetups.",
      domain: "club",
      shapes: ["colon", "has", "many-to-many", "sentences"],
      login: true,
      entities: [
        { table: "meetups", fields: { date: "date|datetime", "cafe|venue": "text", theme: "text" } },
        {
          table: "participants",
          fields: {
            name: "text",
            native_language: "text",
            "learning|language_learning|learning_language|target_language|language_theyre_learning|language": "text",
          },
        },
      ],
      relations: [{ from: "participants", to: "meetups", many: true }],
    },
    {
      id: "g-user-research",
      text: "User research study: participants (pseudonym, age group 18-24/25-34/35-44/45+, consent form signed) and interview sessions — participant, date, researcher, recording link, key findings.",
      domain: "work",
      shapes: ["colon", "parens", "slash", "dash", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "participants",
          fields: {
            pseudonym: "text",
            age_group: { kind: "enum", options: ["18_24", "25_34", "35_44", "45_plus"] },
            "consent_form_signed|consent_signed|consent|consent_form": "boolean",
          },
        },
        {
          table: "sessions|interview_sessions|interviews",
          fields: {
            participant: "reference",
            date: "date|datetime",
            researcher: "text",
            "recording_link|recording": "url",
            "key_findings|findings": "longtext|text",
          },
        },
      ],
      relations: [{ from: "sessions", to: "participants" }],
    },
    {
      id: "g-snow-clearing",
      text: "Snow clearing business: properties we clear (address, owner, driveway size small/medium/large, rate) and each time we clear one: date, time spent, salt used (bags)",
      domain: "small-business",
      shapes: ["colon", "parens", "slash", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "properties",
          fields: {
            address: "text",
            owner: "text",
            "driveway_size|size": { kind: "enum", options: ["small", "medium", "large"] },
            rate: "money",
          },
        },
        {
          table: "clearings|clears|visits|jobs|clearing_visits|cleared",
          fields: {
            date: "date",
            "time_spent|duration|time": "integer|number",
            "salt_used|salt|bags_of_salt|salt_bags": "integer|number",
          },
        },
      ],
      relations: [{ from: "clearings", to: "properties" }],
    },
    {
      id: "g-app-releases",
      text: "Release tracker for our mobile app: versions (version number, release date, platform iOS/Android, release notes) and bugs found in a version with a title, severity (low, medium, high, blocker) and whether it's fixed.",
      domain: "work",
      shapes: ["colon", "parens", "slash", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "versions|releases",
          fields: {
            "version_number|version|number": "text",
            release_date: "date",
            platform: { kind: "enum", options: ["ios", "android"] },
            "release_notes|notes": "longtext|text",
          },
        },
        {
          table: "bugs",
          fields: {
            title: "text",
            severity: { kind: "enum", options: ["low", "medium", "high", "blocker"] },
            fixed: "boolean",
          },
        },
      ],
      relations: [{ from: "bugs", to: "versions" }],
    },
    {
      id: "g-makerspace",
      text: "Makerspace tool library. Members (name, email, membership expiry) can book machines like the laser cutter or 3D printer. Machines: name, location, needs induction (yes/no). Bookings: member, machine, start time, end time.",
      domain: "club",
      shapes: ["sentences", "parens", "colon", "relation"],
      login: true,
      entities: [
        {
          table: "members",
          fields: { name: "text", email: "email", "membership_expiry|expiry|membership_expires": "date" },
        },
        {
          table: "machines",
          fields: { name: "text", location: "text", "needs_induction|induction_needed|induction": "boolean" },
        },
        {
          table: "bookings",
          fields: {
            member: "reference",
            machine: "reference",
            "start_time|starts_at|start": "datetime",
            "end_time|ends_at|end": "datetime",
          },
        },
      ],
      relations: [
        { from: "bookings", to: "members" },
        { from: "bookings", to: "machines" },
      ],
    },
    {
      id: "g-tattoo-studio",
      text: "Tattoo studio: artists and their bookings. Artists have a name and a style. A booking has the client's name, the artist, date, hours booked, deposit paid and the design description.",
      domain: "small-business",
      shapes: ["colon", "has", "relation", "sentences"],
      login: true,
      entities: [
        { table: "artists", fields: { name: "text", style: "text|enum" } },
        {
          table: "bookings",
          fields: {
            "client_name|client": "text",
            artist: "reference",
            date: "date|datetime",
            "hours_booked|hours": "number|integer",
            "deposit_paid|deposit": "boolean|money",
            "design_description|design|description": "longtext|text",
          },
        },
      ],
      relations: [{ from: "bookings", to: "artists" }],
    },
    {
      id: "g-food-truck",
      text: "Food truck: the events we trade at (name, date, pitch fee) and what we sold at each event — item, quantity sold, takings.",
      domain: "small-business",
      shapes: ["colon", "parens", "dash", "relation"],
      login: true,
      entities: [
        { table: "events", fields: { name: "text", date: "date", "pitch_fee|fee": "money" } },
        {
          table: "sales|sold_items|items",
          fields: { item: "text|reference", "quantity_sold|quantity|sold": "integer", takings: "money" },
        },
      ],
      relations: [{ from: "sales", to: "events" }],
    },
    {
      id: "g-sneaker-resale",
      text: "I resell sneakers. For each pair: brand, model, size (UK), what I paid, where I bought it, listed price, sold price and the platform I sold on (eBay, Depop, Vinted).",
      domain: "small-business",
      shapes: ["sentences", "colon", "parens", "enum"],
      login: true,
      entities: [
        {
          table: "pairs|sneakers|shoes",
          fields: {
            brand: "text",
            model: "text",
            size: "text|number|integer",
            "paid|price_paid|cost|purchase_price|amount_paid|bought_for": "money",
            "where_bought|bought_from|shop|source|bought_at|where_i_bought_it": "text",
            listed_price: "money",
            sold_price: "money",
            "platform|sold_on": { kind: "enum", options: ["ebay", "depop", "vinted"] },
          },
        },
      ],
    },
    {
      id: "g-dog-walking-run-on",
      text: "ok so my mum does dog walking and she needs to keep track of the dogs she walks and their owners phone numbers and which days each dog gets walked and how much she charges per walk and if the owner has paid for the month",
      domain: "small-business",
      shapes: ["run-on"],
      login: true,
      entities: [
        {
          table: "dogs",
          fields: {
            name: { kind: "text", optional: true },
            "owner_phone|owners_phone|owner_phone_number|phone|phone_number": "phone",
            "days|walk_days|days_walked": "text|tags|enum",
            "price_per_walk|charge|rate|price|charge_per_walk|amount": "money",
            "paid|owner_paid|has_paid": "boolean",
          },
        },
        { table: "owners", optional: true },
      ],
    },
    {
      id: "g-goat-vaccines-typos",
      text: "trak the vaccinations for my goats: goat name, vacine, date givn, next dose due, vet",
      domain: "home",
      shapes: ["colon", "typos"],
      login: true,
      entities: [
        {
          table: "vaccinations",
          fields: {
            "goat_name|goat": "text|reference",
            vaccine: "text",
            "date_given|given_on": "date",
            "next_dose_due|next_due|next_dose|next_dose_date": "date",
            vet: "text",
          },
        },
        { table: "goats", optional: true },
      ],
    },
    {
      id: "g-complaints-typos",
      text: "recrod my custmer complaints with date recieved, custmer name, the problem, catagory (delivery, billing, product) and weather its resolved",
      domain: "small-business",
      shapes: ["with", "typos", "enum"],
      login: true,
      entities: [
        {
          table: "complaints",
          fields: {
            "date_received|received_on|date": "date",
            "customer_name|customer": "text",
            "problem|description": "text|longtext",
            category: { kind: "enum", options: ["delivery", "billing", "product"] },
            resolved: "boolean",
          },
        },
      ],
    },
    {
      id: "g-tea-terse",
      text: "tea collection",
      domain: "hobby",
      shapes: ["terse"],
      login: true,
      entities: [{ table: "teas", fields: { name: { kind: "text", optional: true } } }],
    },
    {
      id: "g-bike-rides-terse",
      text: "log of my bike rides",
      domain: "personal",
      shapes: ["terse"],
      login: true,
      entities: [{ table: "rides|bike_rides" }],
    },
    {
      id: "g-customer-list-terse",
      text: "customer list",
      domain: "small-business",
      shapes: ["terse"],
      login: true,
      entities: [{ table: "customers" }],
    },
    {
      id: "g-there-are-suppliers",
      text: "There are two things I need to track: suppliers and the deliveries they make. A supplier has a company name, a contact person and a phone number. A delivery has a date, an invoice number, the total and whether it was checked in.",
      domain: "small-business",
      shapes: ["sentences", "has", "relation"],
      login: true,
      entities: [
        {
          table: "suppliers",
          fields: { "company_name|name": "text", "contact_person|contact": "text", "phone_number|phone": "phone" },
        },
        {
          table: "deliveries",
          fields: { date: "date", invoice_number: "text", total: "money", checked_in: "boolean" },
        },
      ],
      relations: [{ from: "deliveries", to: "suppliers" }],
    },
    {
      id: "g-quote-line-items",
      text: "A quote is made up of several line items. Each quote has a customer, a date and a valid-until date; each line item has a description, quantity and unit price.",
      domain: "small-business",
      shapes: ["sentences", "has", "relation"],
      login: true,
      entities: [
        {
          table: "quotes",
          fields: { customer: "text|reference", date: "date", "valid_until|valid_until_date": "date" },
        },
        {
          table: "line_items|items",
          fields: { description: "text|longtext", quantity: "integer|number", unit_price: "money" },
        },
        { table: "customers", optional: true },
      ],
      relations: [{ from: "line_items", to: "quotes" }],
    },
    {
      id: "g-flashcard-decks",
      text: "Flashcards grouped into decks. A deck has a name and a language. Cards have a front, a back, and the date I last reviewed them.",
      domain: "personal",
      shapes: ["sentences", "has", "relation"],
      login: true,
      entities: [
        { table: "decks", fields: { name: "text", language: "text" } },
        {
          table: "cards|flashcards",
          fields: {
            front: "text|longtext",
            back: "text|longtext",
            "last_reviewed|last_reviewed_on|reviewed_on": "date",
          },
        },
      ],
      relations: [{ from: "cards", to: "decks" }],
    },
    {
      id: "g-invoices-passive",
      text: "Invoices are sent to customers. Every invoice is for one customer and has an amount, a due date and a paid flag. Customers just need a name and an email.",
      domain: "small-business",
      shapes: ["sentences", "has", "relation"],
      login: true,
      entities: [
        { table: "invoices", fields: { amount: "money", due_date: "date", paid: "boolean" } },
        { table: "customers", fields: { name: "text", email: "email" } },
      ],
      relations: [{ from: "invoices", to: "customers" }],
    },
    {
      id: "g-school-clubs",
      text: "Students can join several clubs. Clubs have a name, a teacher in charge and a meeting day. Students have a name and a form group.",
      domain: "school",
      shapes: ["sentences", "has", "many-to-many"],
      login: true,
      entities: [
        { table: "students", fields: { name: "text", "form_group|form": "text" } },
        {
          table: "clubs",
          fields: { name: "text", "teacher_in_charge|teacher": "text", "meeting_day|day": "text|enum" },
        },
      ],
      relations: [{ from: "students", to: "clubs", many: true }],
    },
    {
      id: "g-dental-patients",
      text: "Patient records for my dental practice: the patient's name, date of birth, the patient's dentist, and their next check-up date. Dentists have a name and a room number.",
      domain: "health",
      shapes: ["colon", "sentences", "has", "relation"],
      login: true,
      entities: [
        {
          table: "patients",
          fields: {
            name: "text",
            "date_of_birth|dob|birth_date": "date",
            dentist: "reference",
            "next_check_up|next_checkup|next_check_up_date|next_checkup_date": "date",
          },
        },
        { table: "dentists", fields: { name: "text", "room_number|room": "text|integer" } },
      ],
      relations: [{ from: "patients", to: "dentists" }],
    },
    {
      id: "g-school-bus",
      text: "A school bus service: routes with a name and a driver. For each route there is a list of stops with a stop name and pick-up time. Pupils are assigned to a stop.",
      domain: "school",
      shapes: ["sentences", "with", "relation"],
      login: true,
      entities: [
        { table: "routes", fields: { name: "text", driver: "text|reference" } },
        { table: "stops", fields: { "stop_name|name": "text", "pick_up_time|pickup_time|time": "datetime|text" } },
        { table: "pupils", fields: { name: { kind: "text", optional: true } } },
      ],
      relations: [
        { from: "stops", to: "routes" },
        { from: "pupils", to: "stops" },
      ],
    },
    {
      id: "g-both-volunteers-staff",
      text: "Both volunteers and staff need a name, email and phone. Volunteers also have a DBS check date.",
      domain: "nonprofit",
      shapes: ["sentences", "has"],
      login: true,
      entities: [
        {
          table: "volunteers",
          fields: { name: "text", email: "email", phone: "phone", "dbs_check_date|dbs_check|dbs_checked_on": "date" },
        },
        { table: "staff|staff_members", fields: { name: "text", email: "email", phone: "phone" } },
      ],
    },
    {
      id: "g-toy-library-bullets",
      text: "Toy library\n\nToys\n- name\n- age range\n- number of pieces\n- condition (good / fair / poor)\n\nLoans\n- toy\n- family name\n- date borrowed\n- date returned",
      domain: "nonprofit",
      shapes: ["headings", "bullets", "relation", "enum"],
      login: true,
      entities: [
        {
          table: "toys",
          fields: {
            name: "text",
            age_range: "text",
            "pieces|number_of_pieces": "integer",
            condition: { kind: "enum", options: ["good", "fair", "poor"] },
          },
        },
        {
          table: "loans",
          fields: {
            toy: "reference",
            "family_name|family": "text",
            "date_borrowed|borrowed_on": "date",
            "date_returned|returned_on": "date",
          },
        },
      ],
      relations: [{ from: "loans", to: "toys" }],
    },
    {
      id: "g-teaching-numbered",
      text: "What I need:\n1. A list of the courses I'm teaching this semester, with course code and title.\n2. For every course, the students enrolled.\n3. Attendance for each class session: date, student, present or absent.",
      domain: "school",
      shapes: ["numbered", "relation", "many-to-many"],
      login: true,
      entities: [
        { table: "courses", fields: { "course_code|code": "text", title: "text" } },
        { table: "students", fields: { name: { kind: "text", optional: true } } },
        {
          table: "attendance|attendances|attendance_records|sessions|class_sessions",
          fields: { date: "date", student: "reference", "present|attendance|status|present_or_absent": "boolean|enum" },
        },
      ],
      relations: [
        { from: "students", to: "courses", many: true },
        { from: "attendance", to: "students" },
      ],
    },
    {
      id: "g-tenancy-deposits-semicolons",
      text: "Tenancy deposits — tenant; property address; deposit amount; scheme (DPS, TDS, MyDeposits); date protected; date returned",
      domain: "work",
      shapes: ["dash", "parens", "enum"],
      login: true,
      entities: [
        {
          table: "deposits|tenancy_deposits",
          fields: {
            tenant: "text|reference",
            "property_address|address": "text",
            "deposit_amount|amount": "money",
            scheme: { kind: "enum", options: ["dps", "tds", "mydeposits"] },
            "date_protected|protected_on": "date",
            "date_returned|returned_on": "date",
          },
        },
      ],
    },
    {
      id: "g-butterfly-survey-pipes",
      text: "Butterfly survey. Columns: Date | Site | Species | Count | Recorder",
      domain: "nonprofit",
      shapes: ["fields"],
      login: true,
      entities: [
        {
          table: "surveys|survey_records|records|sightings|butterfly_surveys|entries|observations|counts|butterflies",
          fields: { date: "date", site: "text", species: "text", count: "integer", recorder: "text" },
        },
      ],
    },
    {
      id: "g-blood-donations",
      text: "I'd like to be able to note down every time I give blood: date, donation centre, haemoglobin level, and whether I got the biscuit",
      domain: "health",
      shapes: ["colon", "yes-no"],
      login: true,
      entities: [
        {
          table: "donations|blood_donations",
          fields: {
            date: "date",
            "donation_centre|centre|center|donation_center": "text",
            "haemoglobin_level|haemoglobin|hemoglobin": "number",
            "biscuit|got_biscuit|got_the_biscuit": "boolean",
          },
        },
      ],
    },
    {
      id: "g-window-site",
      text: "A simple page for my window cleaning round: Sparkle Windows, covering Harrogate and Knaresborough, £12 for a semi, call Dave on 07700 900456",
      domain: "small-business",
      shapes: ["site"],
      handling: "site",
      login: false,
      mentions: ["Sparkle Windows", "07700 900456"],
    },
    {
      id: "g-dice-roller",
      text: "a dice roller for our D&D games",
      domain: "hobby",
      shapes: ["logic"],
      handling: "reply|site",
      login: null,
    },
    {
      id: "g-cups-converter",
      text: "an app that converts recipes from US cups to metric",
      domain: "home",
      shapes: ["logic"],
      handling: "reply|site",
      login: null,
    },
    {
      id: "g-pottery-classes-site",
      text: "a landing page for my pottery classes at Clay Barn with the class times and an email for enquiries, hello@claybarn.co.uk",
      domain: "small-business",
      shapes: ["site"],
      handling: "site",
      login: false,
      mentions: ["Clay Barn", "hello@claybarn.co.uk"],
    },
    {
      id: "g-screen-time-timer",
      text: "a countdown timer for my kids' screen time",
      domain: "home",
      shapes: ["logic"],
      handling: "reply|site",
      login: null,
    },
    {
      id: "g-about-me",
      text: "an about-me page: I'm Lena, a climbing instructor in Innsbruck, email lena@climb.at",
      domain: "personal",
      shapes: ["site"],
      handling: "site",
      login: false,
      mentions: ["lena@climb.at"],
    },
    {
      id: "g-walking-routes-public",
      text: "A public list of local walking routes that anyone can browse: route name, distance in miles, difficulty (easy, moderate, hard), start point and a map link.",
      domain: "nonprofit",
      shapes: ["public", "colon", "parens", "enum", "units"],
      login: false,
      entities: [
        {
          table: "routes|walking_routes|walks",
          fields: {
            "route_name|name": "text",
            distance: "number",
            difficulty: { kind: "enum", options: ["easy", "moderate", "hard"] },
            "start_point|start": "text",
            "map_link|map": "url",
          },
        },
      ],
    },
    {
      id: "g-grandma-recipes",
      text: "My grandmother's recipes are scattered everywhere. I'd love one place for them. For each recipe I want the name, which family member it came from, how many it serves, the ingredients and method, and a photo of the original card.",
      domain: "home",
      shapes: ["sentences", "colon"],
      login: true,
      entities: [
        {
          table: "recipes",
          fields: {
            name: "text",
            "family_member|came_from|from|source|family_member_it_came_from": "text|reference",
            "serves|servings|how_many_it_serves": "integer",
            ingredients: "longtext|text",
            method: "longtext|text",
            "photo|photo_url|original_card_photo|card_photo|photo_of_original_card|photo_of_the_original_card": "url",
          },
        },
      ],
    },
    {
      id: "g-office-repairs",
      text: "Maintenance requests for our office building: each request is about a room, with a description, priority (low, normal, urgent), reported by, and date fixed. Rooms have a number and a floor.",
      domain: "work",
      shapes: ["colon", "relation", "enum", "sentences"],
      login: true,
      entities: [
        {
          table: "requests|maintenance_requests",
          fields: {
            room: "reference",
            description: "text|longtext",
            priority: { kind: "enum", options: ["low", "normal", "urgent"] },
            reported_by: "text|reference",
            "date_fixed|fixed_on": "date",
          },
        },
        { table: "rooms", fields: { "number|room_number": "text|integer", floor: "integer|text" } },
      ],
      relations: [{ from: "requests", to: "rooms" }],
    },
    {
      id: "g-little-league",
      text: "I coach Little League. I need a roster with each kid's name, jersey number, position, and their parent's cell number, plus a game schedule with opponent, date, field, and final score.",
      domain: "club",
      shapes: ["sentences", "with", "american"],
      login: true,
      entities: [
        {
          table: "players|kids|roster|roster_entries|roster_players",
          fields: {
            name: "text",
            jersey_number: "integer|text",
            position: "text|enum",
            "parent_cell|parent_phone|parents_cell_number|parent_cell_number|parent_phone_number|cell_number": "phone",
          },
        },
        {
          table: "games|schedule|scheduled_games|game_schedule",
          fields: { opponent: "text", date: "date|datetime", field: "text", "final_score|score": "text|integer" },
        },
      ],
    },
    {
      id: "g-fountain-pens",
      text: "A catalogue of the fountain pens I own, recording things such as the maker, nib size, filling system and purchase price.",
      domain: "hobby",
      shapes: ["sentences"],
      login: true,
      entities: [
        {
          table: "pens|fountain_pens",
          fields: { maker: "text", nib_size: "text|enum", filling_system: "text|enum", purchase_price: "money" },
        },
      ],
    },
    {
      id: "g-swim-school",
      text: "Swim school: pupils with name, age and current stage (1 to 7); classes with a day, time, pool and teacher; each pupil is in one class.",
      domain: "school",
      shapes: ["colon", "with", "range", "relation"],
      login: true,
      entities: [
        {
          table: "pupils",
          fields: { name: "text", age: "integer", "current_stage|stage": { kind: "integer", min: 1, max: 7 } },
        },
        {
          table: "classes",
          fields: { day: "text|enum", time: "datetime|text", pool: "text", teacher: "text|reference" },
        },
      ],
      relations: [{ from: "pupils", to: "classes" }],
    },
    {
      id: "g-conference-talks",
      text: "Track the conferences I attend and the talks I went to at each one, with the speaker and my rating out of 5.",
      domain: "work",
      shapes: ["relation", "range"],
      login: true,
      entities: [
        { table: "conferences", fields: { name: { kind: "text", optional: true } } },
        { table: "talks", fields: { speaker: "text", rating: { kind: "integer", min: 1, max: 5 } } },
      ],
      relations: [{ from: "talks", to: "conferences" }],
    },
    {
      id: "g-supplier-products",
      text: "Keep a database of suppliers including company, contact name, email, and the products they supply; products have a name, unit cost and lead time in days.",
      domain: "small-business",
      shapes: ["relation", "has", "units"],
      login: true,
      entities: [
        { table: "suppliers", fields: { "company|company_name|name": "text", contact_name: "text", email: "email" } },
        { table: "products", fields: { name: "text", unit_cost: "money", lead_time: "integer" } },
      ],
      relations: [{ from: "products", to: "suppliers" }],
    },
    {
      id: "g-allergy-cards",
      text: "Our nursery needs a record of every child's allergies: the child's name, their room, each allergen (nuts, dairy, egg, gluten, other), how severe it is (mild, moderate, severe) and the action plan.",
      domain: "school",
      shapes: ["colon", "parens", "enum", "relation"],
      login: true,
      entities: [
        {
          table: "allergies",
          fields: {
            "child_name|child|name": "text|reference",
            room: "text|enum|reference",
            allergen: { kind: "enum", options: ["nuts", "dairy", "egg", "gluten", "other"] },
            "severity|how_severe": { kind: "enum", options: ["mild", "moderate", "severe"] },
            action_plan: "longtext|text",
          },
        },
        { table: "children", optional: true },
      ],
    },
    {
      id: "g-car-boot-sales",
      text: "I do car boot sales most weekends. I'd like to jot down each sale day (date, which car boot, pitch cost) and the things I sold that day with what they went for.",
      domain: "personal",
      shapes: ["sentences", "parens", "relation"],
      login: true,
      entities: [
        {
          table: "sale_days|days|sales|car_boot_sales|car_boots",
          fields: {
            date: "date",
            "car_boot|venue|location|which_car_boot": "text|reference",
            "pitch_cost|pitch_fee|cost": "money",
          },
        },
        { table: "items|things|sold_items|things_sold", fields: { "price|sold_for|went_for|amount": "money" } },
      ],
      relations: [{ from: "items", to: "sale_days" }],
    },
    {
      id: "g-seminar-readings",
      text: "Reading group for my seminar. We meet on Tuesdays; for every meeting record the date, the text we discussed and who led the discussion. Members: name and email.",
      domain: "school",
      shapes: ["sentences", "colon", "relation"],
      login: true,
      entities: [
        {
          table: "meetings|sessions",
          fields: {
            date: "date",
            "text|text_discussed|reading": "text",
            "led_by|leader|discussion_leader|led": "reference|text",
          },
        },
        { table: "members", fields: { name: "text", email: "email" } },
      ],
      relations: [{ from: "meetings", to: "members" }],
    },
    {
      id: "g-book-club-parens",
      text: "members (name, email) and books (title, author, pages)",
      domain: "hobby",
      shapes: ["parens", "terse"],
      login: true,
      entities: [
        { table: "members", fields: { name: "text", email: "email" } },
        { table: "books", fields: { title: "text", author: "text", pages: "integer" } },
      ],
    },
    {
      id: "g-records-parens",
      text: "records (artist, album, year) and the shops I bought them at (name, town)",
      domain: "hobby",
      shapes: ["parens", "terse", "relation"],
      login: true,
      entities: [
        { table: "records", fields: { artist: "text", album: "text", year: "integer" } },
        { table: "shops", fields: { name: "text", town: "text" } },
      ],
      relations: [{ from: "records", to: "shops" }],
    },
    {
      id: "g-book-club-walk",
      text: "book club thing. books we read (title, author, rating 1-5, the date we finished it) and members who suggest them. each book is suggested by one member",
      domain: "hobby",
      shapes: ["sentences", "parens", "relation", "range"],
      login: true,
      entities: [
        {
          table: "books",
          fields: {
            title: "text",
            author: "text",
            rating: { kind: "integer", min: 1, max: 5 },
            "finished_on|date_finished|finished|finished_at|date": "date",
          },
        },
        { table: "members", fields: { name: "text" } },
      ],
      relations: [{ from: "books", to: "members" }],
    },
  ],
};
