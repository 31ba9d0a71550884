import { createRequire } from 'node:module';

/** The package version, read once from package.json (two levels above dist/main/cli). */
export const version: string = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
