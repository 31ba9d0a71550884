import fs from 'node:fs';
import { appFiles } from '../core/app-files.js';

/** The package version, read once from package.json. */
export const version: string = (JSON.parse(fs.readFileSync(appFiles.packageJson, 'utf8')) as { version: string }).version;
