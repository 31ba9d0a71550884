import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP as browserCsp } from '../../main/core/admin/browser-ui.js';
import { CSP, META_CSP } from '../../shared/csp.js';
import { repoRoot } from '../helpers/cli.js';

describe('the Content-Security-Policy', () => {
  it('is one policy: the browser UI sends it, and index.html carries it as a meta tag can', () => {
    expect(browserCsp).toBe(CSP);
    const html = fs.readFileSync(path.join(repoRoot, 'renderer/index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]).toBe(META_CSP);
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(CSP).toContain("script-src 'self';");
  });
});
