import fs from 'node:fs';
import path from 'node:path';

/** Integration tests drive the built CLI; fail early with the fix rather than with 40 confusing errors. */
export default function setup(): void {
  const cli = path.resolve(import.meta.dirname, '..', 'dist', 'main', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does it for you).`);
}
