// How a task's words become what the tool index looks up (tool-search.ts): stop words out, light
// stemming, synonyms of general task words, compounds, and values (paths, URLs, e-mail addresses …) told
// apart from the words of the task. The index reads tools' text with the same words() and term().

/** The task's own words. */
const TASK_WEIGHT = 1;
/** A synonym stands in for the query's word, for less. */
const SYNONYM_WEIGHT = 0.5;
/** A value in the query (a path, a number, quoted text) is mostly an argument, not what the task does. */
const VALUE_WEIGHT = 0.3;
/** The kind of a value ("file" for a.txt, "url" for a link): a hint at the tool's arguments. */
const HINT_WEIGHT = 0.5;

/**
 * One thing the query asks for: a word with its alternatives (its synonyms, the compound it makes with
 * a neighbour, its parts if it is written in camel case), each with its weight, and the concept's own
 * weight (1 for the task's words, less for values and hints). A tool scores a concept once, by its best
 * alternative. An alternative with a space is a phrase: a tool matches it only with all its terms.
 */
export interface Concept {
  weight: number;
  terms: Map<string, number>;
}

/**
 * Values a task carries, by kind, with the hint each gives: they are what a tool's arguments take, not
 * what the task does ("read src/config.yaml" is about reading a file, not about configuration). `words`
 * keeps what of the value may still say something: a URL's site ("github"), a path's names.
 */
const VALUES: { pattern: RegExp; hint: string[]; words: (value: string) => string[] }[] = [
  { pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, hint: ['email'], words: () => [] },
  {
    pattern: /\bhttps?:\/\/\S+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|ai|app|be|co|us|uk|de)(?:\/\S*)?(?=\s|$)/gi,
    hint: ['url'],
    words: (url) => words(/^(?:https?:\/\/)?(?:www\.)?(?:[^/.]+\.)*?([^/.]+)\.[a-z]+(?:[/:]|$)/i.exec(url)?.[1] ?? ''),
  },
  { pattern: /(?<=^|\s)\+\d[\d\s().-]{6,}\d/g, hint: ['phone'], words: () => [] },
  { pattern: /(?<=^|\s)#[a-z][\w-]*/gi, hint: ['channel'], words },
  { pattern: /(?<=^|\s):[a-z0-9_+-]+:(?=\s|$|[,.?!])/gi, hint: ['emoji'], words: () => [] },
  { pattern: /(?<=^|\s)@[a-z][\w.-]*/gi, hint: ['user'], words },
  { pattern: /"[^"]*"|“[^”]*”|(?<=^|\s)'[^']*'(?=\s|$|[,.?!])/g, hint: [], words },
  {
    pattern: /(?<=^|\s)[\w.-]*[\w-]\.[a-z][a-z0-9]{0,4}(?=\s|$|[,?!])|(?<=^|\s)[\w.-]+(?:\/[\w.-]+)+\/?(?=\s|$|[,?!])/gi,
    hint: ['file'],
    words,
  },
];

/** The concepts of a query; the same word twice is one concept. */
export function analyze(query: string): Concept[] {
  const concepts = new Map<string, Concept & { synonyms: boolean }>();
  const add = (word: string, weight: number, alternatives: [string, number][] = []): void => {
    const t = term(word);
    if (!t) return;
    let c = concepts.get(t);
    if (!c) {
      c = { weight, terms: new Map([[t, 1]]), synonyms: false };
      concepts.set(t, c);
    }
    // A value is what it is; the task's own words have synonyms.
    if (weight === TASK_WEIGHT && !c.synonyms) {
      c.synonyms = true;
      for (const s of synonyms().get(t) ?? []) if (!c.terms.has(s)) c.terms.set(s, SYNONYM_WEIGHT);
    }
    c.weight = Math.max(c.weight, weight);
    for (const [a, w] of alternatives) c.terms.set(a, Math.max(w, c.terms.get(a) ?? 0));
  };
  let rest = query;
  for (const { pattern, hint, words: kept } of VALUES) {
    rest = rest.replace(pattern, (value) => {
      // A path names a file only if it has an extension ("feature/payments" may be a branch).
      const kinds = hint[0] === 'file' && !/\.[a-z][a-z0-9]{0,4}\/?$/i.test(value) ? [] : hint;
      for (const k of kinds) add(k, HINT_WEIGHT);
      for (const w of kept(value)) add(w, VALUE_WEIGHT);
      return ' ';
    });
  }
  // Numbers are values too; every other word is the task's. A word written in camel case is one word
  // ("GitHub", "parseInvoice": the word, or its parts together). Two words may be one compound in the
  // tools' names ("roll back" → rollback, "on call" → oncall): stop words only as particles.
  const list = rest.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (const [i, w] of list.entries()) {
    if (/^\d+$/.test(w)) {
      add(w, VALUE_WEIGHT);
      continue;
    }
    const alternatives: [string, number][] = [];
    const parts = humps(w).map(term).filter((t): t is string => t !== null);
    if (parts.length > 1) alternatives.push([parts.join(' '), 1]);
    const next = list[i + 1];
    const compound = next !== undefined && joinable(w) && joinable(next) ? term(w + next) : null;
    if (compound) alternatives.push([compound, 1]);
    add(w, TASK_WEIGHT, alternatives);
    if (compound && next !== undefined) add(next, TASK_WEIGHT, [[compound, 1]]);
  }
  return [...concepts.values()].map(({ weight, terms }) => ({ weight, terms }));
}

/** Particles that make compounds with a verb or noun (log in → login, roll back, check out, on call). */
const PARTICLES = new Set(['on', 'in', 'up', 'out', 'off', 'back', 'down', 'over']);

/** Whether a word may be part of a compound: letters only, and not a stop word unless a particle. */
function joinable(word: string): boolean {
  const w = word.toLowerCase();
  return /^\p{L}+$/u.test(w) && (!STOP_WORDS.has(w) || PARTICLES.has(w));
}

/**
 * Words of a name or a sentence: split at anything not a letter or digit, and at camelCase humps; a
 * camel-case word also stays whole ("GitHub" → Git, Hub, GitHub), since prose writes names that way.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!token) continue;
    const parts = humps(token);
    out.push(...parts);
    if (parts.length > 1) out.push(token);
  }
  return out;
}

/** A token split at its camelCase humps: getHTTPResponse → get, HTTP, Response. */
export function humps(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ');
}

/** A word as the index keeps it: stemmed, or null for a stop word or a single character. */
export function term(word: string): string | null {
  const t = word.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t)) return null;
  return stem(t);
}

/**
 * Words that say nothing about what a tool does: articles, pronouns, auxiliaries, prepositions. A query
 * is a sentence ("what did Alice say in #deploys"), and these words would otherwise match every tool whose
 * name or description has them ("add_card_to_list").
 */
const STOP_WORDS = new Set(
  ('a an the and or but if then so than as of to in on at by for from with into onto about over per via ' +
    'is are was were be been being am do does did doing have has had having can could would should will shall may might must ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that these those ' +
    'what which who whom whose when where why how there here just also very too please let lets like some any each every such ' +
    'not no yes only own same other else e g eg ie etc').split(' '),
);

/**
 * Lower case, and the commonest English endings off, so "issues" finds "issue", "branches" "branch" and
 * "listing" "list". Deliberately light: the Porter stemmer was tried and did no better on realistic
 * tasks, conflating words tools tell apart ("called" and "call", "meeting" and "meet").
 */
export function stem(word: string): string | null {
  const t = word.toLowerCase();
  if (t.length < 2) return null;
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 5 && t.endsWith('ing')) return t.slice(0, -3);
  if (t.length > 4 && /(ch|sh|ss|x|z)es$/.test(t)) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us')) return t.slice(0, -1);
  return t;
}

let stemmedSynonyms: Map<string, string[]> | undefined;

/** SYNONYMS as terms: keys and words stemmed as the index stems them. */
function synonyms(): Map<string, string[]> {
  if (stemmedSynonyms) return stemmedSynonyms;
  stemmedSynonyms = new Map();
  for (const [word, others] of Object.entries(SYNONYMS)) {
    const key = term(word);
    if (!key) continue;
    const list = stemmedSynonyms.get(key) ?? [];
    for (const other of others) {
      const o = other.split(' ').map(term).filter(Boolean).join(' ');
      if (o && o !== key && !list.includes(o)) list.push(o);
    }
    stemmedSynonyms.set(key, list);
  }
  return stemmedSynonyms;
}

/**
 * Words of tasks and the words tools use for them: general vocabulary of actions and of the things every
 * catalog has, not of any one server. An entry with a space ("pull request") is a phrase: a tool matches
 * it only with all its words.
 */
const SYNONYMS: Record<string, string[]> = {
  // Telling people.
  tell: ['send', 'message', 'post', 'notify'],
  notify: ['send', 'message', 'post', 'alert'],
  announce: ['send', 'message', 'post'],
  inform: ['send', 'message', 'notify'],
  say: ['send', 'message', 'post'],
  send: ['post', 'message'],
  post: ['send', 'message', 'publish'],
  text: ['sms', 'message'],
  sms: ['text', 'message'],
  dm: ['direct message', 'private message'],
  reply: ['respond', 'comment', 'answer'],
  respond: ['reply', 'answer'],
  answer: ['reply', 'respond'],
  comment: ['note', 'reply'],
  note: ['comment'],
  page: ['alert', 'incident', 'oncall'],
  alert: ['notify', 'incident', 'alarm'],
  // Finding and reading.
  find: ['search', 'list', 'get', 'query'],
  look: ['search', 'find', 'get'],
  locate: ['search', 'find'],
  search: ['find', 'query'],
  show: ['get', 'read', 'list', 'view'],
  see: ['get', 'read', 'list', 'view'],
  view: ['get', 'read'],
  display: ['get', 'read', 'list'],
  check: ['get', 'read', 'status'],
  open: ['read', 'get', 'create'],
  read: ['get', 'view', 'fetch'],
  fetch: ['get', 'read', 'download'],
  retrieve: ['get', 'read', 'fetch'],
  load: ['get', 'read'],
  download: ['get', 'fetch', 'read'],
  get: ['read', 'fetch', 'list'],
  remember: ['memory', 'recall'],
  recall: ['memory', 'remember'],
  summarize: ['summary', 'read', 'get'],
  count: ['number', 'total', 'statistics'],
  many: ['count', 'number'],
  // Making and changing.
  make: ['create', 'add', 'new'],
  add: ['create', 'new', 'insert'],
  new: ['create', 'add'],
  create: ['add', 'new', 'make'],
  remove: ['delete'],
  drop: ['delete', 'remove'],
  erase: ['delete', 'remove'],
  trash: ['delete', 'remove'],
  delete: ['remove'],
  change: ['update', 'edit', 'set'],
  edit: ['update', 'modify'],
  modify: ['update', 'edit'],
  rename: ['update', 'move'],
  update: ['edit', 'modify', 'set'],
  save: ['write', 'create', 'store'],
  store: ['write', 'save'],
  upload: ['write', 'create', 'put'],
  write: ['save', 'create'],
  // Running, stopping, switching.
  start: ['create', 'run', 'trigger'],
  run: ['execute', 'query', 'trigger'],
  execute: ['run', 'query'],
  trigger: ['run', 'start'],
  launch: ['start', 'run'],
  kick: ['start', 'trigger', 'run'],
  stop: ['cancel', 'pause', 'halt'],
  halt: ['stop', 'pause'],
  enable: ['activate', 'toggle'],
  disable: ['deactivate', 'toggle'],
  turn: ['toggle', 'enable', 'disable'],
  rollback: ['revert', 'undo'],
  revert: ['rollback', 'undo'],
  undo: ['revert', 'rollback'],
  accept: ['approve', 'respond'],
  approve: ['accept'],
  decline: ['reject', 'deny', 'respond'],
  reject: ['decline', 'deny'],
  deny: ['reject', 'decline'],
  // Things.
  link: ['url'],
  url: ['link'],
  sql: ['query', 'database'],
  database: ['query', 'sql', 'table'],
  db: ['database'],
  email: ['mail', 'message', 'send'],
  mail: ['email', 'message'],
  bug: ['issue', 'ticket'],
  ticket: ['issue', 'bug'],
  issue: ['ticket', 'bug'],
  problem: ['issue', 'bug', 'error'],
  crash: ['error', 'exception', 'issue'],
  error: ['exception', 'failure'],
  pr: ['pull request'],
  repo: ['repository'],
  repository: ['repo'],
  document: ['file', 'doc', 'page'],
  doc: ['document', 'file', 'page'],
  folder: ['directory', 'dir'],
  directory: ['folder', 'dir'],
  row: ['record', 'entry'],
  record: ['row', 'entry'],
  picture: ['image', 'photo', 'screenshot'],
  image: ['picture', 'screenshot'],
  song: ['track', 'music'],
  music: ['track', 'song'],
  meeting: ['event', 'calendar'],
  appointment: ['event', 'calendar', 'booking'],
  invitation: ['invite', 'event'],
  schedule: ['event', 'calendar', 'create'],
  person: ['user', 'member'],
  people: ['user', 'member'],
  teammate: ['user', 'member'],
  everyone: ['user', 'member'],
  customer: ['client', 'account'],
  client: ['customer'],
  company: ['organization', 'account'],
  organization: ['company', 'org'],
  org: ['organization'],
  password: ['credential', 'secret'],
  today: ['date', 'time', 'current'],
  now: ['current'],
  current: ['now'],
};
