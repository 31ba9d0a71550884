/**
 * The environment a server process starts with: the hub's own, minus variables that let one process
 * inject code into another (LD_PRELOAD, DYLD_INSERT_LIBRARIES, NODE_OPTIONS …) or that belong to the
 * hub itself, plus the server's configured env (the user's explicit choice, so it may set any of them).
 */
const BLOCKED = new Set([
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  'ELECTRON_RUN_AS_NODE',
  'BASH_ENV',
  'ENV',
  'PERL5OPT',
  'PERL5LIB',
  'RUBYOPT',
  'PYTHONSTARTUP',
  'PYTHONINSPECT',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
]);
const BLOCKED_PREFIXES = ['DYLD_', 'ELECTRON_', 'AGENT_HUB_', 'npm_', 'VITEST', 'NODE_CHANNEL_'];

export function isBlockedEnvKey(key: string): boolean {
  return BLOCKED.has(key) || BLOCKED_PREFIXES.some((p) => key.startsWith(p));
}

export function serverEnv(configured: Record<string, string>, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && !isBlockedEnvKey(k)) env[k] = v;
  }
  return { ...env, ...configured };
}
