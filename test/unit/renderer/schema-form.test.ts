import { describe, expect, it } from 'vitest';
import { buildArguments, fieldsOf, initialValues } from '../../../renderer/src/schema-form.js';
import { expandTemplate } from '../../../renderer/src/uri-template.js';

const schema = {
  type: 'object',
  properties: {
    message: { type: 'string', description: 'What to say' },
    mode: { type: 'string', enum: ['fast', 'slow'], default: 'fast' },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: ['number', 'null'] },
    loud: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    sizes: { type: 'array', items: { type: 'integer' }, minItems: 1 },
    options: { type: 'object', properties: { a: { type: 'string' } } },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
  required: ['message', 'count', 'sizes'],
};

describe('a form from an input schema', () => {
  it('gives each property a field of its kind, required ones marked', () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => `${f.name}:${f.kind}${f.required ? '*' : ''}`)).toEqual([
      'message:string*',
      'mode:string',
      'count:integer*',
      'ratio:number',
      'loud:boolean',
      'tags:array',
      'sizes:array*',
      'options:json',
      'either:json',
    ]);
    expect(fields[1]).toMatchObject({ enum: ['fast', 'slow'] });
    expect(initialValues(fields)).toMatchObject({ mode: 'fast', tags: [], sizes: [] });
    expect(fieldsOf({ type: 'object' })).toEqual([]);
    expect(fieldsOf(undefined)).toEqual([]);
  });

  it('turns values into arguments, or says in words what is wrong with each', () => {
    const fields = fieldsOf(schema);
    expect(buildArguments(fields, initialValues(fields)).errors).toEqual({ message: 'Required.', count: 'Required.', sizes: 'Needs at least 1 item.' });
    const bad = buildArguments(fields, { message: 'hi', count: '2.5', ratio: 'abc', sizes: ['1', 'x'], options: '{"a":', either: '[1]', loud: undefined });
    expect(bad.errors).toEqual({ count: 'Must be a whole number.', ratio: 'Must be a number.', sizes: 'Item 2: Must be a number.', options: expect.stringMatching(/^Not valid JSON: /) });
    expect(buildArguments(fields, { message: 'hi', count: '11', sizes: ['1'] }).errors).toEqual({ count: 'Must be at most 10.' });
    expect(buildArguments(fields, { message: 'hi', count: '3', sizes: ['1'], options: '[1]' }).errors).toEqual({ options: 'Must be a JSON object, like {"key": "value"}.' });
    const good = buildArguments(fields, { message: 'hi', mode: 'slow', count: '3', ratio: '0.5', loud: true, tags: ['a', 'b'], sizes: ['1', '2'], options: '{"a":"x"}', either: '7' });
    expect(good).toEqual({ errors: {}, args: { message: 'hi', mode: 'slow', count: 3, ratio: 0.5, loud: true, tags: ['a', 'b'], sizes: [1, 2], options: { a: 'x' }, either: 7 } });
  });
});

describe('a resource template filled in', () => {
  it('expands RFC 6570 levels 1 to 3', () => {
    expect(expandTemplate('demo://resource/dynamic/text/{resourceId}', { resourceId: '7' })).toBe('demo://resource/dynamic/text/7');
    expect(expandTemplate('file:///{path}', { path: 'a b/c' })).toBe('file:///a%20b%2Fc');
    expect(expandTemplate('file:///{+path}', { path: 'a b/c' })).toBe('file:///a%20b/c');
    expect(expandTemplate('https://x{/a,b}{?q,lang}', { a: 'one', b: 'two', q: 'ä', lang: '' })).toBe('https://x/one/two?q=%C3%A4');
    expect(expandTemplate('x{#frag}{.ext}', { frag: 'top', ext: 'json' })).toBe('x#top.json');
  });
});
