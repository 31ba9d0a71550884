import { isDeepStrictEqual } from 'node:util';
import type { ConfigFormat } from '../../../shared/clients.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { ServersPlace } from './app-registry.js';
import { isPlainObject } from './entry-readers.js';
import { parseJsonText, removeJsonMember, setJsonMember } from './json-edit.js';
import { parseTomlText, removeTomlTable, setTomlTable, tomlTable } from './toml-edit.js';
import { documentYamlEntry, parseYamlText, removeYamlEntry, spliceYamlEntry, yamlBlock } from './yaml-edit.js';

/**
 * An app's config file in any of its formats: parsed for reading, and edited so that only the hub's
 * entry changes. Every edit is checked by parsing the result: it must be the old document with exactly
 * that entry set, or the file is not written.
 */

const FORMAT_NAMES: Record<ConfigFormat, string> = { json: 'JSON', jsonc: 'JSON', toml: 'TOML', yaml: 'YAML' };

/** A file that does not parse: `what` is the part after the file's name ("is not valid TOML (…)"). */
export class ConfigParseError extends HubError {
  constructor(
    file: string,
    readonly what: string,
    fix: string,
  ) {
    super(ErrorCodes.invalidConfig, `${file} ${what}; ${fix}.`);
  }
}

/** The document in a file's text. An unparseable file is an error that names the file and the format. */
export function parseConfig(format: ConfigFormat, text: string, file: string, fix = 'fix or move that file, then try again'): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = format === 'toml' ? parseTomlText(text) : format === 'yaml' ? parseYamlText(text) : parseJsonText(text, format === 'jsonc');
  } catch (e) {
    const why = (e as Error).message.split('\n')[0]!.replace(/\.$/, '');
    throw new ConfigParseError(file, `is not valid ${FORMAT_NAMES[format]} (${why})`, fix);
  }
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new ConfigParseError(file, `does not hold ${format === 'yaml' ? 'a mapping' : 'an object'}`, fix);
  return value;
}

/** The servers container of a document, or undefined; an error when it has the wrong shape. */
export function serversIn(doc: Record<string, unknown>, place: ServersPlace, file: string): Record<string, unknown> | unknown[] | undefined {
  const servers = doc[place.key];
  if (servers === undefined || servers === null) return undefined;
  const ok = place.shape === 'map' ? isPlainObject(servers) : Array.isArray(servers);
  if (!ok) {
    const want = place.shape === 'map' ? 'an object (name → server)' : 'a list of servers';
    throw new HubError(ErrorCodes.invalidConfig, `"${place.key}" in ${file} is not ${want}; fix that file, then try again.`);
  }
  return servers as Record<string, unknown> | unknown[];
}

/** The entry of that name in the document's servers, if any. */
export function entryIn(doc: Record<string, unknown>, place: ServersPlace, name: string, file: string): unknown {
  const servers = serversIn(doc, place, file);
  if (servers === undefined) return undefined;
  if (Array.isArray(servers)) return servers.find((s) => isPlainObject(s) && s.name === name);
  return Object.hasOwn(servers, name) ? servers[name] : undefined;
}

/** The document with the entry set: a map member replaced or added, a list item replaced or appended. */
export function withEntry(doc: Record<string, unknown>, place: ServersPlace, name: string, entry: Record<string, unknown>): Record<string, unknown> {
  const servers = doc[place.key];
  if (place.shape === 'map') return { ...doc, [place.key]: { ...(isPlainObject(servers) ? servers : {}), [name]: entry } };
  const list = Array.isArray(servers) ? [...servers] : [];
  const at = list.findIndex((s) => isPlainObject(s) && s.name === name);
  if (at === -1) list.push(entry);
  else list[at] = entry;
  return { ...doc, [place.key]: list };
}

/** The document without the entry of that name. */
export function withoutEntry(doc: Record<string, unknown>, place: ServersPlace, name: string): Record<string, unknown> {
  const servers = doc[place.key];
  if (place.shape === 'map') {
    if (!isPlainObject(servers) || !Object.hasOwn(servers, name)) return doc;
    const { [name]: _gone, ...rest } = servers;
    return { ...doc, [place.key]: rest };
  }
  return Array.isArray(servers) ? { ...doc, [place.key]: servers.filter((s) => !(isPlainObject(s) && s.name === name)) } : doc;
}

/**
 * The file's text without the hub's entry, changing nothing else (checked as setEntryText's edits are).
 * A file without the entry comes back as it was.
 */
export function removeEntryText(format: ConfigFormat, text: string, place: ServersPlace, name: string, file: string): string {
  const before = parseConfig(format, text, file, 'fix or move that file, then disconnect again');
  if (entryIn(before, place, name, file) === undefined) return text;
  const intended = withoutEntry(before, place, name);
  const candidate = format === 'toml' ? removeTomlTable(text, place.key, name) : format === 'yaml' ? removeYamlEntry(text, place, name) : removeJsonMember(text, place.key, name);
  if (candidate !== undefined && sameDocument(format, candidate, intended)) return candidate;
  throw new HubError(
    ErrorCodes.invalidConfig,
    `Agent Hub could not remove its entry from ${file} without changing other settings (its "${place.key}" is written in a form Agent Hub does not edit, such as an inline table); remove the "${name}" entry by hand instead.`,
  );
}

/** A whole document in a format: a new file, or the snippet a user pastes. */
export function renderDocument(format: ConfigFormat, doc: Record<string, unknown>): string {
  if (format === 'yaml') return yamlBlock(doc) + '\n';
  if (format === 'toml') {
    // The servers are the only tables the hub ever writes: render them as [key.name] tables.
    const [key, servers] = Object.entries(doc)[0]!;
    return Object.entries(servers as Record<string, Record<string, unknown>>).map(([name, entry]) => tomlTable(key, name, entry)).join('\n\n') + '\n';
  }
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * The file's text with the hub's entry set, changing nothing else. `text` is the current content
 * (empty for a file that does not exist yet, which is then rendered from `newFile`).
 */
export function setEntryText(
  format: ConfigFormat,
  text: string,
  place: ServersPlace,
  name: string,
  entry: Record<string, unknown>,
  file: string,
  newFile: Record<string, unknown> = {},
): string {
  const before = parseConfig(format, text, file, 'fix or move that file, then connect again');
  serversIn(before, place, file);
  if (text.trim() === '') return renderDocument(format, withEntry(newFile, place, name, entry));

  const intended = withEntry(before, place, name, entry);
  const candidates: (() => string | undefined)[] =
    format === 'toml'
      ? [() => setTomlTable(text, place.key, name, entry)]
      : format === 'yaml'
        ? [() => spliceYamlEntry(text, place, name, entry), () => documentYamlEntry(text, place, name, entry)]
        : [() => setJsonMember(text, place.key, name, entry)];
  for (const candidate of candidates) {
    const after = candidate();
    if (after !== undefined && sameDocument(format, after, intended)) return after;
  }
  throw new HubError(
    ErrorCodes.invalidConfig,
    `Agent Hub could not add its entry to ${file} without changing other settings (its "${place.key}" is written in a form Agent Hub does not edit, such as an inline table); add the snippet by hand instead.`,
  );
}

function sameDocument(format: ConfigFormat, text: string, intended: Record<string, unknown>): boolean {
  try {
    const parsed = parseConfig(format, text, '');
    return isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), JSON.parse(JSON.stringify(intended)));
  } catch {
    return false;
  }
}
