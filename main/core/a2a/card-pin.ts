import { createHash } from 'node:crypto';
import type { CardSignerView } from '../../../shared/a2a.js';
import type { AgentCardView, SecurityRequirementView, SecuritySchemeView } from './agent-card.js';
import { diffSigners } from './card-signer.js';
import { canonicalize } from './jcs.js';

/**
 * A card pin: the part of an agent card the user's consent rests on. The hub keeps the pin the user
 * approved and asks again only when a new card's pin differs: where requests go (the interface URLs),
 * what the agent offers (its skills' ids, names and descriptions, which models read) and how it wants
 * credentials (security schemes and requirements), and who signed the card, when it is signed: a new
 * key, key URL, or a card that starts or stops being signed asks again (see card-signer.ts).
 *
 * Deliberately left out, so that changing them alone does not ask the user again: the card's version
 * and description, provider, icons, tags and examples, input/output modes, capabilities, the order of
 * interfaces, scheme descriptions and OAuth scope descriptions, and the signature bytes themselves (a
 * card re-signed by the same key is the same). Agents bump versions and reword blurbs routinely;
 * prompting for that would teach users to click through.
 */

export type PinValue = string | number | boolean | null | PinValue[] | { [key: string]: PinValue };

export interface CardPin {
  /**
   * Bumped if what a pin holds ever changes, so old pins can be told apart. Not for `signer`: unsigned
   * pins are unchanged, and a signed record from before has no signer in its signature (card-check.ts).
   */
  pinFormat: 1;
  /** Sorted and without duplicates: the order of preference is not something to consent to. */
  urls: string[];
  /** Sorted by id. */
  skills: { id: string; name: string; description: string }[];
  /** Schemes without descriptions; OAuth scopes as sorted names. */
  securitySchemes: Record<string, { [key: string]: PinValue }>;
  /** Each requirement's scopes sorted, and the alternatives sorted. */
  securityRequirements: SecurityRequirementView[];
  /**
   * Who signed the card, when a signature verifies. Absent for unsigned cards, so their pins hash as
   * they did before signers were pinned.
   */
  signer?: CardSignerView;
}

export function pinOf(card: AgentCardView, signer?: CardSignerView): CardPin {
  return {
    pinFormat: 1,
    urls: [...new Set(card.supportedInterfaces.map((i) => i.url))].sort(),
    skills: card.skills.map(({ id, name, description }) => ({ id, name, description })).sort((a, b) => compare(a.id, b.id) || compare(a.name, b.name)),
    securitySchemes: Object.fromEntries(Object.entries(card.securitySchemes).map(([name, s]) => [name, pinScheme(s)])),
    securityRequirements: normalizeRequirements(card.securityRequirements),
    ...(signer ? { signer } : {}),
  };
}

/** sha256 (hex) of the pin's RFC 8785 form: the same pin always hashes the same, whatever the key order. */
export function hashPin(pin: CardPin): string {
  return createHash('sha256').update(canonicalize(pin)).digest('hex');
}

/**
 * What changed between the pin the user approved and a new one, as sentences for the prompt that asks
 * again. Empty when nothing consent depends on changed.
 */
export function diffPins(before: CardPin, after: CardPin): string[] {
  return [
    ...diffUrls(before.urls, after.urls),
    ...diffSkills(before.skills, after.skills),
    ...diffSchemes(before.securitySchemes, after.securitySchemes),
    ...diffRequirements(before.securityRequirements, after.securityRequirements),
    ...diffSigners(before.signer, after.signer),
  ];
}

function pinScheme(scheme: SecuritySchemeView): { [key: string]: PinValue } {
  const { description: _cosmetic, ...rest } = scheme;
  if (rest.type !== 'oauth2') return dropUndefined(rest);
  const flows = Object.fromEntries(
    Object.entries(rest.flows)
      .filter((entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1] !== undefined)
      .map(([flow, { scopes, ...urls }]) => [flow, { ...dropUndefined(urls), scopes: Object.keys(scopes).sort() }]),
  );
  return dropUndefined({ ...rest, flows });
}

function dropUndefined(o: object): { [key: string]: PinValue } {
  return JSON.parse(JSON.stringify(o)) as { [key: string]: PinValue };
}

function normalizeRequirements(reqs: SecurityRequirementView[]): SecurityRequirementView[] {
  const sorted = reqs.map((r) => Object.fromEntries(Object.entries(r).map(([name, scopes]) => [name, [...new Set(scopes)].sort()])));
  return sorted.sort((a, b) => compare(canonicalize(a), canonicalize(b)));
}

function diffUrls(before: string[], after: string[]): string[] {
  const removed = before.filter((u) => !after.includes(u));
  const added = after.filter((u) => !before.includes(u));
  if (removed.length === 1 && added.length === 1) return [`the URL changed from ${removed[0]} to ${added[0]}`];
  return [...added.map((u) => `the URL ${u} was added`), ...removed.map((u) => `the URL ${u} was removed`)];
}

function diffSkills(before: CardPin['skills'], after: CardPin['skills']): string[] {
  const out: string[] = [];
  const old = new Map(before.map((s) => [s.id, s]));
  const now = new Map(after.map((s) => [s.id, s]));
  for (const [id, s] of now) {
    const was = old.get(id);
    if (!was) out.push(`skill "${id}" was added`);
    else {
      if (was.name !== s.name) out.push(`skill "${id}" was renamed from "${was.name}" to "${s.name}"`);
      if (was.description !== s.description) out.push(`the description of skill "${id}" changed`);
    }
  }
  for (const id of old.keys()) if (!now.has(id)) out.push(`skill "${id}" was removed`);
  return out;
}

function diffSchemes(before: CardPin['securitySchemes'], after: CardPin['securitySchemes']): string[] {
  const out: string[] = [];
  for (const [name, scheme] of Object.entries(after)) {
    const was = before[name];
    if (!was) out.push(`security scheme "${name}" was added`);
    else if (was.type !== scheme.type) out.push(`security scheme "${name}" changed from ${String(was.type)} to ${String(scheme.type)}`);
    else {
      const changes = leafChanges(was, scheme, '');
      if (changes.length) out.push(`security scheme "${name}" changed: ${changes.join(', ')}`);
    }
  }
  for (const name of Object.keys(before)) if (!(name in after)) out.push(`security scheme "${name}" was removed`);
  return out;
}

function diffRequirements(before: SecurityRequirementView[], after: SecurityRequirementView[]): string[] {
  if (canonicalize(before) === canonicalize(after)) return [];
  return [`the security requirements changed from ${describeRequirements(before)} to ${describeRequirements(after)}`];
}

/** "oauth (read, write) and apiKey or mtls": each requirement is a set, the list is alternatives. */
function describeRequirements(reqs: SecurityRequirementView[]): string {
  if (!reqs.length) return 'none';
  return reqs.map((r) => Object.entries(r).map(([name, scopes]) => (scopes.length ? `${name} (${scopes.join(', ')})` : name)).join(' and ') || 'none').join(' or ');
}

/** The differing leaves of two JSON values, each as "path changed from A to B" and the like. */
function leafChanges(a: PinValue | undefined, b: PinValue | undefined, path: string): string[] {
  const at = path || 'the value';
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => leafChanges(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].every((v) => typeof v === 'string')) {
    // Lists of names (scopes): order carries no meaning, so report what came and went.
    const gained = b.filter((v) => !a.includes(v)).map((v) => `${at} gained ${JSON.stringify(v)}`);
    const lost = a.filter((v) => !b.includes(v)).map((v) => `${at} lost ${JSON.stringify(v)}`);
    return [...gained, ...lost];
  }
  if (a === undefined) return [`${at} was added (${JSON.stringify(b)})`];
  if (b === undefined) return [`${at} was removed`];
  return canonicalize(a) === canonicalize(b) ? [] : [`${at} changed from ${JSON.stringify(a)} to ${JSON.stringify(b)}`];
}

function isObject(v: PinValue | undefined): v is { [key: string]: PinValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Code-unit order, the same everywhere (localeCompare depends on the machine's locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
