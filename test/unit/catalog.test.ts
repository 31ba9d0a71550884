import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogSource } from '../../main/core/gateway/catalog.js';
import { ServerConfigSchema, type ServerConfigInput } from '../../shared/config.js';
import type { UpstreamCatalog } from '../../main/core/upstream/upstream-catalog.js';

const schema = { type: 'object' as const };
function source(config: Partial<ServerConfigInput> & { name: string }, catalog: Partial<UpstreamCatalog>): CatalogSource {
  return {
    config: ServerConfigSchema.parse({ transport: 'stdio', command: 'x', ...config }),
    catalog: { tools: [], resources: [], resourceTemplates: [], prompts: [], ...catalog },
  };
}
const tool = (name: string) => ({ name, inputSchema: schema });

describe('the published catalog', () => {
  it('prefixes every tool and prompt with its server and routes back to the original name', () => {
    const c = new Catalog();
    c.rebuild([source({ name: 'git' }, { tools: [tool('status')], prompts: [{ name: 'review' }] })]);
    expect(c.tools.map((t) => t.name)).toEqual(['git__status']);
    expect(c.tool('git__status')).toMatchObject({ server: 'git', original: 'status' });
    expect(c.prompt('git__review')).toEqual({ server: 'git', original: 'review' });
    expect(c.tool('status')).toBeUndefined();
  });

  it('hides denied tools and keeps only allowed ones', () => {
    const c = new Catalog();
    c.rebuild([
      source({ name: 'a', tools: { deny: ['rm'] } }, { tools: [tool('ls'), tool('rm')] }),
      source({ name: 'b', tools: { allow: ['read'], deny: [] } }, { tools: [tool('read'), tool('write')] }),
    ]);
    expect(c.tools.map((t) => t.name)).toEqual(['a__ls', 'b__read']);
    expect(c.tool('a__rm')).toBeUndefined();
    expect(c.tool('b__write')).toBeUndefined();
  });

  it('publishes bare names for prefixTools: false, falling back to the prefix on a clash', () => {
    const c = new Catalog();
    c.rebuild([source({ name: 'b', prefixTools: false }, { tools: [tool('echo')] }), source({ name: 'a', prefixTools: false }, { tools: [tool('echo')] })]);
    expect(c.tools.map((t) => t.name)).toEqual(['echo', 'b__echo']);
    expect(c.tool('echo')).toMatchObject({ server: 'a' });
  });

  it('never lets a bare name pose as another server\'s tool', () => {
    const c = new Catalog();
    c.rebuild([source({ name: 'aaa', prefixTools: false }, { tools: [tool('zzz__secret')] }), source({ name: 'zzz' }, { tools: [tool('secret')] })]);
    expect(c.tool('zzz__secret')).toMatchObject({ server: 'zzz', original: 'secret' });
    expect(c.tool('aaa__zzz__secret')).toMatchObject({ server: 'aaa', original: 'zzz__secret' });
  });

  it('routes resources by URI, then by template, first server in name order winning', () => {
    const c = new Catalog();
    c.rebuild([
      source({ name: 'b' }, { resources: [{ uri: 'file:///x', name: 'x' }], resourceTemplates: [{ uriTemplate: 'db://{table}', name: 't' }] }),
      source({ name: 'a' }, { resources: [{ uri: 'file:///x', name: 'x-from-a' }] }),
    ]);
    expect(c.resourceServer('file:///x')).toBe('a');
    expect(c.resources).toHaveLength(1);
    expect(c.resourceServer('db://users')).toBe('b');
    expect(c.resourceServer('nope://1')).toBeUndefined();
  });

  it('reports which lists changed, and nothing when the same catalog comes again', () => {
    const c = new Catalog();
    const first = source({ name: 'a' }, { tools: [tool('t')] });
    expect(c.rebuild([first])).toEqual({ tools: true, resources: false, prompts: false });
    expect(c.rebuild([source({ name: 'a' }, { tools: [tool('t')] })])).toEqual({ tools: false, resources: false, prompts: false });
    expect(c.rebuild([source({ name: 'a' }, { tools: [tool('t')], prompts: [{ name: 'p' }] })])).toEqual({ tools: false, resources: false, prompts: true });
    expect(JSON.parse(c.toolsListJson().toString())).toEqual(c.tools);
  });
});
