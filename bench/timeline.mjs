// Section "timeline": the Timeline page with 10,000 stored tool calls, in Chromium (browser mode).
//  - the API calls, timed from the page: p50 and size of the page's first read (newest 300), of what it
//    reads on each hub event (only what changed since its version), and, for comparison with the page
//    before issue 19, of the whole history (10,000 rows, what that page read on every event);
//  - from clicking "Timeline" to the first lanes on screen;
//  - lanes in the DOM (virtualization keeps it to what is in view);
//  - frame times while scrolling from top to bottom (one step per animation frame).
/* global document, requestAnimationFrame -- page.evaluate bodies run in Chromium */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, cli, startHub, stopHub, summarize, tempDir } from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function timeline({ env, log }) {
  const calls = Number(env.BENCH_TIMELINE_CALLS ?? 10_000);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is needed for this section and is not at ${CHROMIUM} (set CHROMIUM_PATH).`);
  const { chromium } = await import('@playwright/test');

  const dataDir = tempDir('timeline');
  await fill(dataDir, calls);
  const hub = await startHub(dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const link = (await cli(['open', '--data-dir', dataDir])).trim();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(link);
    const nav = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Timeline' });
    await nav.waitFor();

    // What the page's requests cost, measured in the page (cookie, JSON, parse included).
    const measure = (query) =>
      page.evaluate(
        async ({ n, query }) => {
          const times = [];
          let bytes = 0;
          let body;
          for (let i = 0; i < n; i++) {
            const t = performance.now();
            const res = await fetch('/api/hub/listToolCalls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([query]) });
            const text = await res.text();
            body = JSON.parse(text);
            times.push(performance.now() - t);
            bytes = text.length;
          }
          return { times, bytes, version: body?.result?.version ?? body?.version };
        },
        { n: 15, query },
      );
    const first = await measure({ limit: 300 });
    const whole = await measure({ limit: 10_000 });
    const changed = await measure({ changedSince: first.version ?? 0, limit: 2000 });

    const clickedAt = performance.now();
    await nav.click();
    const list = page.getByRole('list', { name: /^[\d,]+ calls?$/ });
    await list.getByRole('listitem').first().waitFor();
    const firstLanesMs = performance.now() - clickedAt;
    const label = await list.getAttribute('aria-label');
    const lanesInDom = await list.getByRole('listitem').count();

    // Scroll the list top to bottom, one step per frame; record the time between frames.
    // The page scrolls as a whole (one scroll area), the list sized for every row.
    const frames = await page.evaluate(async () => {
      const list = document.scrollingElement;
      const deltas = [];
      let last = performance.now();
      const step = list.clientHeight;
      while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
        list.scrollTop += step;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    });
    const lastLane = await list.getByRole('listitem').last().textContent();

    const apiMs = summarize(first.times);
    const wholeMs = summarize(whole.times);
    const changedMs = summarize(changed.times);
    const frameMs = summarize(frames);
    log(`  ${label}; first read p50 ${apiMs.p50.toFixed(1)} ms (${(first.bytes / 1e6).toFixed(2)} MB); per event p50 ${changedMs.p50.toFixed(1)} ms (${changed.bytes} bytes); whole history p50 ${wholeMs.p50.toFixed(1)} ms (${(whole.bytes / 1e6).toFixed(2)} MB)`);
    log(`  first lanes ${firstLanesMs.toFixed(0)} ms after the click; ${lanesInDom} lanes in the DOM`);
    log(`  scrolled ${frames.length} screens: frame p50 ${frameMs.p50.toFixed(1)} ms, p99 ${frameMs.p99.toFixed(1)} ms, max ${frameMs.max.toFixed(1)} ms; last lane: ${lastLane?.slice(0, 60)}`);
    return {
      calls,
      listedLabel: label,
      apiMs,
      apiBytes: first.bytes,
      changedMs,
      changedBytes: changed.bytes,
      wholeMs,
      wholeBytes: whole.bytes,
      firstLanesMs,
      lanesInDom,
      frameMs,
      screens: frames.length,
    };
  } finally {
    await browser.close();
    await stopHub(hub);
  }
}

/** Stores `n` finished calls through the hub's own store code (dist/), as a running hub would. */
async function fill(dataDir, n) {
  const { openStore } = await import(path.join(ROOT, 'dist/main/core/store/store.js'));
  const store = openStore(dataDir);
  try {
    const statuses = ['ok', 'ok', 'ok', 'error', 'denied'];
    store.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = store.toolCalls.start(`client-${i % 3}`, `server-${i % 7}`, `tool_${i % 11}`, { query: `item ${i}`, page: i % 50 });
        const status = statuses[i % statuses.length];
        store.toolCalls.finish(id, status, 5 + (i % 400), status === 'error' ? 'The server said no.' : undefined, i % 2 ? 'rule 1: allow' : 'user (browser): allow once');
      }
    })();
  } finally {
    store.close();
  }
}
