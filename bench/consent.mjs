// Section "consent": what the consent check adds to a tool call when a rule already answers it. The
// check runs in the hub's process on every call, so it is timed there directly (ConsentService.decide
// from dist/, on a real hub.db), with one matching allow rule and with 200 rules in place.
import { ROOT, summarize, tempDir } from './harness.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const load = (p) => import(pathToFileURL(path.join(ROOT, 'dist/main/core', p)).href);

export async function consent({ env, log }) {
  const { openStore } = await load('store/store.js');
  const { ConsentService } = await load('consent/consent-service.js');
  const calls = Number(env.BENCH_CONSENT_CALLS ?? 20_000);
  const store = openStore(tempDir('consent'));
  try {
    const service = new ConsentService(store.consent, { dataVersion: () => store.dataVersion(), consentIn: (c) => store.clients.consentIn(c) });
    const tool = {
      name: 'git__commit',
      description: 'Records changes to the repository with a message.',
      inputSchema: { type: 'object', properties: { message: { type: 'string' }, amend: { type: 'boolean' }, paths: { type: 'array', items: { type: 'string' } } }, required: ['message'] },
      annotations: { destructiveHint: false },
    };
    const request = {
      callId: 1,
      client: 'claude',
      sessionId: 'bench-session',
      server: 'git',
      tool: 'commit',
      definition: tool,
      arguments: { message: 'bench' },
      signal: new AbortController().signal,
    };

    const time = async () => {
      for (let i = 0; i < 2000; i++) await service.decide(request);
      const us = [];
      for (let i = 0; i < calls; i++) {
        const t = process.hrtime.bigint();
        const d = await service.decide(request);
        us.push(Number(process.hrtime.bigint() - t) / 1000);
        if (!d.allow) throw new Error(`expected an allow decision, got ${JSON.stringify(d)}`);
      }
      return summarize(us);
    };

    store.consent.addRule({ client: 'claude', server: 'git', tool: 'commit', effect: 'allow', scope: 'always', createdBy: 'bench' });
    service.rulesChanged();
    const one = await time();
    log(`  one allow rule: p50 ${one.p50.toFixed(2)} µs, p99 ${one.p99.toFixed(2)} µs over ${calls} checks`);

    for (let i = 0; i < 199; i++) {
      store.consent.addRule({ client: i % 2 ? '*' : 'cursor', server: `srv-${i % 20}`, tool: `tool-${i}`, effect: i % 7 ? 'allow' : 'deny', scope: 'always', createdBy: 'bench' });
    }
    service.rulesChanged();
    const many = await time();
    log(`  200 rules: p50 ${many.p50.toFixed(2)} µs, p99 ${many.p99.toFixed(2)} µs`);
    service.dispose();
    return { oneRuleUs: one, manyRulesUs: many, calls };
  } finally {
    store.close();
  }
}
