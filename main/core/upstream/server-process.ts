import type { ChildProcess } from 'node:child_process';
import { launch, type LaunchSpec } from './child-process.js';
import type { ProcessRegistry } from './process-registry.js';
import type { ServerLog } from '../log-file.js';
import { LastWords } from './last-words.js';

/** How one process of a server ended, once it has: "the process exited (code 1): <what it last wrote> (its log: …)". */
export interface ProcessExit {
  done: boolean;
  reason: Promise<string>;
}

/**
 * Starts one process of a server: its stderr goes to the server's log and to its last words, and its
 * exit becomes one sentence saying how it ended and what it last wrote (the usual reason a server
 * exits at start: "GITHUB_TOKEN environment variable is required").
 */
export function startServerProcess(
  spec: LaunchSpec,
  stdin: 'pipe' | 'ignore',
  registry: ProcessRegistry,
  log: ServerLog,
  events: {
    /** The process could not start at all; `final` when trying again cannot help (no such command). */
    onSpawnFailed(reason: string, final: boolean): void;
    /** Told at once when it exits (before its last stderr is read). */
    onExitNoted(how: string): void;
  },
): { child: ChildProcess; words: LastWords; exit: ProcessExit } {
  const child = launch(spec, registry, stdin);
  const words = new LastWords();
  child.stderr!.on('data', (d: Buffer) => {
    log.write(d);
    words.write(d);
  });
  child.once('error', (e: NodeJS.ErrnoException) => {
    events.onSpawnFailed(describeSpawnError(e, spec.command), e.code === 'ENOENT' || e.code === 'EACCES');
  });
  const exit: ProcessExit = { done: false, reason: Promise.resolve('') };
  exit.reason = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      exit.done = true;
      const how = signal ?? `code ${code}`;
      events.onExitNoted(how);
      // The last of stderr may still be in the pipe when 'exit' comes.
      const said = () => {
        const last = words.toString();
        resolve(`the process exited (${how})${last ? `: ${last}` : ''}${log.path ? ` (its log: ${log.path})` : ''}`);
      };
      if (child.stderr!.readableEnded) said();
      else {
        child.stderr!.once('end', said);
        setTimeout(said, 200).unref();
      }
    }),
  );
  return { child, words, exit };
}

function describeSpawnError(e: NodeJS.ErrnoException, command: string): string {
  if (e.code === 'ENOENT') return `the command "${command}" was not found (check the command and PATH)`;
  if (e.code === 'EACCES') return `the command "${command}" is not executable`;
  return `could not start "${command}" (${e.code ?? e.message})`;
}
