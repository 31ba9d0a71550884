import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDataDir } from '../core/paths.js';

/** A mistake in how the command was called: exit code 2 and a pointer to --help. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export const commonOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface Parsed<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
  /** Everything after a bare `--`, verbatim (the command line of a stdio server). */
  rest: string[];
  dataDir: string;
}

export function parse<O extends Options>(command: string, argv: readonly string[], options: O): Parsed<O & typeof commonOptions> {
  const split = argv.indexOf('--');
  const head = split === -1 ? [...argv] : argv.slice(0, split);
  const rest = split === -1 ? [] : argv.slice(split + 1);
  try {
    const { values, positionals } = parseArgs({
      args: head,
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
    const v = values as Record<string, unknown>;
    return {
      values: v as Parsed<O & typeof commonOptions>['values'],
      positionals,
      rest,
      dataDir: resolveDataDir(v['data-dir'] as string | undefined),
    };
  } catch (e) {
    const err = e as Error & { code?: string };
    const m = /'(-[^']*)'/.exec(err.message);
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`"${command}" has no option ${m?.[1] ?? ''}${missingDashes(command, split)}.`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${m?.[1] ?? 'An option'} needs a value.`);
    throw new UsageError(err.message);
  }
}

export function expectPositionals(command: string, positionals: string[], names: string[], rest?: readonly string[]): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`"${command}" needs ${names.slice(positionals.length).map((n) => n.toUpperCase()).join(' ')}.`);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`"${command}" got an unexpected argument "${positionals[names.length]}"${missingDashes(command, rest?.length ? 0 : -1)}.`);
  }
  return positionals;
}

/** Commands that take a server's own command line after a bare `--`. */
const TAKES_COMMAND_LINE = new Set(['server add', 'agent add']);

/** The likely mistake behind an unknown option or argument of `server add`: the server's command without `--` before it. */
function missingDashes(command: string, split: number): string {
  if (!TAKES_COMMAND_LINE.has(command) || split !== -1) return '';
  return `; if it belongs to the server's own command, put that command after a bare "--": agent-hub ${command} NAME [options] -- COMMAND [ARGS…]`;
}

/** Parses repeated `K=V` (env) or `K: V` (headers) options into a map. */
export function parsePairs(flag: string, items: readonly string[] | undefined, separator: '=' | ':'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const at = item.indexOf(separator);
    const key = at > 0 ? item.slice(0, at).trim() : '';
    if (!key) throw new UsageError(`--${flag} "${item}" must look like KEY${separator}VALUE.`);
    out[key] = item.slice(at + 1).trim();
  }
  return out;
}
