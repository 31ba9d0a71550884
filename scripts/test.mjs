// `npm test`: every check and every test suite, then one total line, alone and last:
//   N passed, N failed, N skipped
// Lint, each type-check and the build count as one check each, so a broken one shows in the total.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });

const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, args) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

function check(label, args) {
  const ok = run(label, args);
  total[ok ? 'passed' : 'failed']++;
  if (!ok) failures.push(label);
  return ok;
}

check('lint', [bin('eslint', 'bin/eslint.js'), '.']);
for (const project of ['tsconfig.node.json', 'tsconfig.preload.json', 'tsconfig.renderer.json', 'tsconfig.test.json']) {
  check(`typecheck ${project}`, [bin('typescript', 'bin/tsc'), '-p', project, '--noEmit']);
}
const built = check('build', [path.join(root, 'scripts/build.mjs')]);

function vitest(label, extra) {
  if (!built) {
    failures.push(`${label} (not run: the build failed)`);
    total.failed++;
    return;
  }
  const out = path.join(results, `${label}.json`);
  fs.rmSync(out, { force: true });
  const ok = run(label, [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra]);
  let report;
  try {
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    report = undefined;
  }
  if (!report) {
    failures.push(`${label} (no report)`);
    total.failed++;
    return;
  }
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += report.numPendingTests + report.numTodoTests;
  // A suite that fails to load has no failed test but is still a failure.
  if (!ok && report.numFailedTests === 0) {
    failures.push(`${label} (a suite failed to run)`);
    total.failed++;
  } else if (!ok) {
    failures.push(label);
  }
}

vitest('vitest', []);

// Browser tests of the UI in Debian's Chromium (see playwright.config.ts).
function playwright() {
  if (!built) {
    failures.push('playwright (not run: the build failed)');
    total.failed++;
    return;
  }
  const out = path.join(results, 'playwright.json');
  fs.rmSync(out, { force: true });
  const ok = run('playwright', [bin('@playwright/test', 'cli.js'), 'test']);
  let stats;
  try {
    stats = JSON.parse(fs.readFileSync(out, 'utf8')).stats;
  } catch {
    stats = undefined;
  }
  if (!stats) {
    failures.push('playwright (no report)');
    total.failed++;
    return;
  }
  total.passed += stats.expected + stats.flaky;
  total.failed += stats.unexpected;
  total.skipped += stats.skipped;
  if (!ok) failures.push(stats.unexpected ? 'playwright' : 'playwright (the run failed)');
  if (!ok && !stats.unexpected) total.failed++;
}
playwright();

const line = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
fs.writeFileSync(path.join(results, 'summary.txt'), line + '\n');
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${line}`);
process.exit(total.failed === 0 && failures.length === 0 ? 0 : 1);
