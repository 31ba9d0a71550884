import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** What happened to the code cache on this run. */
export type CodeCacheOutcome = 'off' | 'missing' | 'accepted' | 'rejected';

export interface CodeCacheOptions {
  /** Where cache files live; undefined runs without a cache. */
  cacheDir: string | undefined;
  /** Separates caches of runs that compile different code (one per CLI command). */
  name: string;
}

/**
 * Runs a CommonJS file as `require` would, but compiled with V8's code cache, so a later run skips
 * parsing and compiling it. Node 20 has no compile cache of its own (module.enableCompileCache came in
 * Node 22). When the cache is missing or stale, a new one is written at exit, so it also holds every
 * function the run compiled on the way. A cache problem never fails the run: it just runs uncached.
 */
export function runWithCodeCache(file: string, { cacheDir, name }: CodeCacheOptions): CodeCacheOutcome {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, `${cacheKey(file, name)}.v8`);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // Missing or unreadable: compile from source and write a fresh one.
    }
  }
  // The wrapper stays on the first line, so line numbers in stack traces match the file.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source.replace(/^#!.*/, '')}\n})`, {
    filename: file,
    cachedData,
  });
  const outcome: CodeCacheOutcome = !cacheFile ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  if (cacheFile && outcome !== 'accepted') process.once('exit', () => saveCache(script, cacheFile, name));

  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return outcome;
}

/** A new build (size, mtime) or another V8 gets another file; V8 itself also rejects a mismatch. */
function cacheKey(file: string, name: string): string {
  const stat = fs.statSync(file);
  return `${name}-${process.versions.v8}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}`.replace(/[^\w.-]/g, '_');
}

function saveCache(script: vm.Script, cacheFile: string, name: string): void {
  try {
    const dir = path.dirname(cacheFile);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written aside and renamed: concurrent runs never read half a file.
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temp, cacheFile);
    // Caches of earlier builds are of no use any more.
    for (const entry of fs.readdirSync(dir)) {
      if (entry.startsWith(`${name}-`) && entry.endsWith('.v8') && entry !== path.basename(cacheFile)) fs.rmSync(path.join(dir, entry), { force: true });
    }
  } catch {
    // A read-only or full disk only means the next run is not faster.
  }
}
