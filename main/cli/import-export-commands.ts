import path from 'node:path';
import { ClientApps, type ClientApp } from '../../shared/clients.js';
import { ImportFormats, type ImportFormat } from '../../shared/config.js';
import { currentHost } from '../core/config/app-paths.js';
import { exportServers, importApp, importFile } from '../core/config/import-export.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { escaped, printJson, printLine, printNote } from './output.js';

export const importUsage = `Usage:
  agent-hub import FILE [--format auto|APP] [--replace] [--json]
                          the servers of an MCP config file (its app detected, or given as --format)
  agent-hub import --app APP [--replace] [--json]
                          the servers of APP's own config file, at its usual place on this machine
      APP: ${ClientApps.join(', ')}
  agent-hub export [--format cursor|claude|vscode] [--out FILE]`;

export function importCommand(argv: string[]): void {
  const { values, positionals, dataDir } = parse('import', argv, {
    format: { type: 'string' },
    replace: { type: 'boolean' },
    app: { type: 'string' },
  });
  if (values.help) return printLine(importUsage);
  if (values.app !== undefined) {
    expectPositionals('import --app', positionals, []);
    if (values.format !== undefined) throw new UsageError('"import --app" reads that app\'s own file in its format; leave out --format.');
  }
  const app = values.app === undefined ? undefined : checkApp('--app', values.app);
  const [file] = app ? [undefined] : expectPositionals('import', positionals, ['file']);
  const format = values.format === undefined || values.format === 'auto' ? 'auto' : checkApp('--format', values.format);
  withStore(dataDir, (store) => {
    const replace = values.replace ?? false;
    const result = app ? importApp(store, app, currentHost(), { replace }) : { ...importFile(store, path.resolve(file!), { format, replace }), file: file! };
    if (values.json) {
      return printJson({
        format: result.format,
        imported: result.servers.map((s) => s.name),
        renamed: result.renamed,
        warnings: result.warnings,
      });
    }
    const n = result.servers.length;
    printLine(escaped`Imported ${n} server${n === 1 ? '' : 's'} from ${result.file} (${result.format} format): ${result.servers.map((s) => s.name).join(', ') || 'none'}.`);
    for (const r of result.renamed) printNote(escaped`Renamed "${r.from}" to "${r.to}" (names are lower-case letters, digits and "-").`);
    for (const w of result.warnings) printNote(escaped`Note: ${w}`);
  });
}

export function exportCommand(argv: string[]): void {
  const { values, positionals, dataDir } = parse('export', argv, {
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  if (values.help) return printLine(importUsage);
  expectPositionals('export', positionals, []);
  const format = values.format === undefined ? 'cursor' : checkFormat(values.format);
  withStore(dataDir, (store) => {
    const text = exportServers(store, format, values.out);
    if (values.out) printNote(`Wrote ${values.out} (${format} format).`);
    else process.stdout.write(text);
  });
}

function checkApp(flag: string, value: string): ClientApp {
  if ((ClientApps as readonly string[]).includes(value)) return value as ClientApp;
  throw new UsageError(`${flag} must be one of ${flag === '--format' ? 'auto, ' : ''}${ClientApps.join(', ')}; got "${value}".`);
}

function checkFormat(value: string): ImportFormat {
  if ((ImportFormats as readonly string[]).includes(value)) return value as ImportFormat;
  throw new UsageError(`--format must be one of ${ImportFormats.join(', ')}; got "${value}".`);
}
