import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Catalog } from '../../../main/core/gateway/catalog.js';
import { ToolSearch } from '../../../main/core/gateway/tool-search.js';
import { analyze, term, type Concept } from '../../../main/core/gateway/tool-query.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import type { UpstreamConfig } from '../../../main/core/upstream/upstream-config.js';

type Arg = string | { description: string; enum: string[] };
const t = (name: string, description: string, args: Record<string, Arg> = {}): Tool => ({
  name,
  description,
  inputSchema: {
    type: 'object',
    properties: Object.fromEntries(Object.entries(args).map(([k, a]) => [k, typeof a === 'string' ? { type: 'string', description: a } : { type: 'string', ...a }])),
  },
});

function searchOver(servers: Record<string, Tool[]>): (query: string, limit?: number) => string[] {
  const catalog = new Catalog();
  catalog.rebuild(
    Object.entries(servers).map(([name, tools]) => ({
      config: ServerConfigSchema.parse({ name, transport: 'stdio', command: 'x' }) as UpstreamConfig,
      catalog: { tools, resources: [], resourceTemplates: [], prompts: [] } as never,
    })),
  );
  const search = new ToolSearch(catalog);
  return (query, limit = 3) => search.search(query, limit, () => true).map((m) => m.route.tool.name);
}

/** A concept as `weight:{term term/weight …}`, for readable expectations. */
const show = (c: Concept) => `${c.weight}:{${[...c.terms].map(([x, w]) => (w === 1 ? x : `${x}/${w}`)).join(' ')}}`;
const concepts = (query: string) => analyze(query).map(show);

describe('query analysis', () => {
  it('drops stop words and gives the task\'s words their synonyms, stemmed as the index stems', () => {
    expect(concepts('show me the open issues')).toEqual([
      '1:{show get/0.5 read/0.5 list/0.5 view/0.5}',
      '1:{open read/0.5 get/0.5 create/0.5 openissue}',
      '1:{issue ticket/0.5 bug/0.5 openissue}',
    ]);
    expect(analyze('what is it that you have')).toEqual([]);
    expect(term('The')).toBeNull();
    expect(term('Branches')).toBe('branch');
  });

  it('reads values as values: less weight, no synonyms, and a hint of their kind', () => {
    expect(concepts('read src/config.yaml')).toEqual(['0.5:{file}', '0.3:{src}', '0.3:{config}', '0.3:{yaml}', '1:{read get/0.5 view/0.5 fetch/0.5}']);
    // An e-mail address is a recipient, a phone number a number: nothing of them is a word of the task.
    expect(concepts('mail bob@example.com')).toEqual(['0.5:{email}', '1:{mail email/0.5 message/0.5}']);
    expect(concepts('text +1 415 555 0123')).toEqual(['0.5:{phone}', '1:{text sms/0.5 message/0.5}']);
    // A URL: its kind and its site.
    expect(concepts('fetch https://www.example.com/blog/post')).toEqual(['0.5:{url}', '0.3:{example}', '1:{fetch get/0.5 read/0.5 download/0.5}']);
    expect(concepts('post to #deploys')).toEqual(['0.5:{channel}', '0.3:{deploy}', '1:{post send/0.5 message/0.5 publish/0.5}']);
    expect(concepts('react with :tada:')).toEqual(['0.5:{emoji}', '1:{react}']);
    expect(concepts('commit with message "fix login"')).toEqual(['0.3:{fix}', '0.3:{login}', '1:{commit}', '1:{message}']);
    expect(concepts('last 10 commits')).toEqual(['1:{last}', '0.3:{10}', '1:{commit}']);
    // A path without an extension may be a branch or a repository: no "file" hint.
    expect(concepts('checkout feature/payments')).toEqual(['0.3:{feature}', '0.3:{payment}', '1:{checkout}']);
  });

  it('joins two words into the compound tools write as one, with particles but not other stop words', () => {
    expect(concepts('roll back the deploy')).toEqual(['1:{roll rollback}', '1:{back rollback}', '1:{deploy}']);
    expect(concepts('who is on call')).toEqual(['1:{call oncall}']);
    expect(concepts('read the file').join(' ')).not.toContain('readthe');
  });

  it('reads a camel-case word as one word, or its parts together; a synonym may be a phrase', () => {
    expect(concepts('GitHub')).toEqual(['1:{github git hub}']);
    expect(concepts('merge my PR')).toEqual(['1:{merge}', '1:{pr pull request/0.5}']);
  });
});

describe('tool search ranking', () => {
  it('counts a concept once: synonyms of a word do not add up past the word itself', () => {
    const find = searchOver({
      a: [t('view_report', 'Get, read and view a report.')],
      b: [t('show_report', 'Show a report.')],
    });
    expect(find('show the report')[0]).toBe('b__show_report');
  });

  it('weighs the task\'s words above the values it carries', () => {
    const find = searchOver({
      fs: [t('read_text_file', 'Read the complete contents of a file.', { path: 'Path of the file' })],
      'config-svc': [t('get_config_key', 'Get a config key from the configuration service.', { key: 'The key' })],
    });
    expect(find('read the contents of src/config.yaml')[0]).toBe('fs__read_text_file');
  });

  it('does not match the parts of an e-mail address against example addresses in argument descriptions', () => {
    const find = searchOver({
      gmail: [t('send_email', 'Sends a new email.', { to: 'Recipients' })],
      crm: [t('update_contact_email', 'Change a contact\'s email address.', { email: 'New address, e.g. someone@example.com' })],
    });
    expect(find('email the report to bob@example.com')[0]).toBe('gmail__send_email');
  });

  it('finds compounds in names, allowed values of arguments, and a server named in camel case', () => {
    const find = searchOver({
      deploys: [t('rollback_deployment', 'Return an application to its previous deployment.'), t('create_deployment', 'Deploy an application.')],
      github: [
        t('list_pull_requests', 'List pull requests in a repository.', { state: { description: 'Filter by state', enum: ['open', 'closed', 'all'] } }),
        t('merge_pull_request', 'Merge a pull request.'),
      ],
      git: [t('git_log', 'Shows the commit logs.')],
    });
    expect(find('roll back the deploy')[0]).toBe('deploys__rollback_deployment');
    expect(find('which pull requests are open')[0]).toBe('github__list_pull_requests');
    expect(find('merge the PR on GitHub')[0]).toBe('github__merge_pull_request');
  });

  it('prefers a tool that matches more of the task over one that matches one word strongly', () => {
    const find = searchOver({
      a: [t('message', 'Message.')],
      slack: [t('post_message', 'Post a message to a channel.', { channel: 'Channel' })],
    });
    expect(find('post a message to #general')[0]).toBe('slack__post_message');
  });

  it('answers nothing for a query without a word that says anything', () => {
    expect(searchOver({ a: [t('x', 'Anything.')] })('what is it?')).toEqual([]);
  });
});
