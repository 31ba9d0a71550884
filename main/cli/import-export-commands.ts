import path from 'node:path';
import { ImportFormats, type ImportFormat } from '../../shared/config.js';
import { exportServers, importFile } from '../core/config/import-export.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { escaped, printJson, printLine, printNote } from './output.js';

export const importUsage = `Usage:
  agent-hub import FILE [--format auto|claude|cursor|vscode] [--replace] [--json]
  agent-hub export [--format cursor|claude|vscode] [--out FILE]`;

export function importCommand(argv: string[]): void {
  const { values, positionals, dataDir } = parse('import', argv, {
    format: { type: 'string' },
    replace: { type: 'boolean' },
  });
  if (values.help) return printLine(importUsage);
  const [file] = expectPositionals('import', positionals, ['file']);
  const format = values.format === undefined || values.format === 'auto' ? 'auto' : checkFormat(values.format);
  withStore(dataDir, (store) => {
    const result = importFile(store, path.resolve(file!), { format, replace: values.replace ?? false });
    if (values.json) {
      return printJson({
        format: result.format,
        imported: result.servers.map((s) => s.name),
        renamed: result.renamed,
        warnings: result.warnings,
      });
    }
    const n = result.servers.length;
    printLine(escaped`Imported ${n} server${n === 1 ? '' : 's'} from ${file} (${result.format} format): ${result.servers.map((s) => s.name).join(', ') || 'none'}.`);
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

function checkFormat(value: string): ImportFormat {
  if ((ImportFormats as readonly string[]).includes(value)) return value as ImportFormat;
  throw new UsageError(`--format must be one of ${ImportFormats.join(', ')}; got "${value}".`);
}
