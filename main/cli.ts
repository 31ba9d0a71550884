#!/usr/bin/env node
// The `agent-hub` command. It runs the CLI (main/cli/entry.ts) from one esbuild bundle through V8's
// code cache: loading the MCP SDK, zod and our own code as hundreds of separate ES modules, compiled
// afresh each time, was most of the hub's start-up (bench: warm start ~700 ms → ~300 ms).
// AGENT_HUB_CODE_CACHE=off runs without the cache; AGENT_HUB_CODE_CACHE=debug says what it did.
import path from 'node:path';
import { runWithCodeCache } from './code-cache.js';
import { userCacheDir } from './core/paths.js';

const bundle = path.join(import.meta.dirname, 'cli.bundle.cjs');
const mode = process.env.AGENT_HUB_CODE_CACHE;
const command = /^[a-z]+$/.test(process.argv[2] ?? '') ? process.argv[2]! : 'other';
const outcome = runWithCodeCache(bundle, { cacheDir: mode === 'off' ? undefined : path.join(userCacheDir(), 'code-cache'), name: `cli-${command}` });
if (mode === 'debug') process.stderr.write(`agent-hub: code cache ${outcome}\n`);
