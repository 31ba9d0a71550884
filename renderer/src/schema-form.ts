/**
 * A tool's input schema (JSON Schema) as form fields, and the form's values back as the call's
 * arguments, with every mistake in words. Strings, numbers, integers, booleans, enums and arrays of
 * those get fields of their own; anything else (nested objects, unions, arrays of objects) is a JSON
 * field. The server validates again: this only spares the user a round trip.
 */

type Json = Record<string, unknown>;
export type Scalar = 'string' | 'number' | 'integer' | 'boolean';

interface Common {
  name: string;
  label: string;
  description?: string;
  required: boolean;
}

export type FieldSpec =
  | (Common & { kind: 'string'; enum?: string[]; minLength?: number; maxLength?: number; pattern?: string; multiline: boolean; default?: string })
  | (Common & { kind: 'number' | 'integer'; enum?: number[]; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; default?: number })
  | (Common & { kind: 'boolean'; default?: boolean })
  | (Common & { kind: 'array'; items: Scalar; itemEnum?: (string | number)[]; minItems?: number; maxItems?: number; default?: unknown[] })
  | (Common & { kind: 'json'; expect?: 'object' | 'array'; default?: unknown });

/** A field's value as the form holds it: text for text inputs, a flag, the items of a list, or unset. */
export type FieldValue = string | boolean | string[] | undefined;
export type FormValues = Record<string, FieldValue>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema's type, when it is one scalar (a "null" alongside is allowed: it means "may be left out"). */
function scalarType(schema: Json): Scalar | 'object' | 'array' | undefined {
  const t = schema.type;
  const types = Array.isArray(t) ? t.filter((x) => x !== 'null') : [t];
  if (types.length === 1 && typeof types[0] === 'string') return types[0] as Scalar | 'object' | 'array';
  if (t === undefined && Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (schema.enum.every((e) => typeof e === 'string')) return 'string';
    if (schema.enum.every((e) => typeof e === 'number')) return 'number';
  }
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The fields of an object schema, in the order of its properties. */
export function fieldsOf(schema: unknown): FieldSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(schema.properties).map(([name, raw]) => fieldOf(name, isObject(raw) ? raw : {}, required.has(name)));
}

function fieldOf(name: string, s: Json, required: boolean): FieldSpec {
  const common: Common = {
    name,
    label: typeof s.title === 'string' && s.title ? s.title : name,
    ...(typeof s.description === 'string' && s.description ? { description: s.description } : {}),
    required,
  };
  const type = s.anyOf || s.oneOf || s.allOf ? undefined : scalarType(s);
  if (type === 'string') {
    const enumValues = Array.isArray(s.enum) && s.enum.every((e) => typeof e === 'string') ? (s.enum as string[]) : undefined;
    const maxLength = num(s.maxLength);
    return {
      ...common,
      kind: 'string',
      ...(enumValues ? { enum: enumValues } : {}),
      ...(num(s.minLength) !== undefined ? { minLength: num(s.minLength)! } : {}),
      ...(maxLength !== undefined ? { maxLength } : {}),
      ...(typeof s.pattern === 'string' ? { pattern: s.pattern } : {}),
      multiline: maxLength === undefined || maxLength > 200 ? /\b(text|content|body|message|query|prompt|code|description)\b/i.test(name) : false,
      ...(typeof s.default === 'string' ? { default: s.default } : {}),
    };
  }
  if (type === 'number' || type === 'integer') {
    const enumValues = Array.isArray(s.enum) && s.enum.every((e) => typeof e === 'number') ? (s.enum as number[]) : undefined;
    return {
      ...common,
      kind: type,
      ...(enumValues ? { enum: enumValues } : {}),
      ...(num(s.minimum) !== undefined ? { minimum: num(s.minimum)! } : {}),
      ...(num(s.maximum) !== undefined ? { maximum: num(s.maximum)! } : {}),
      ...(num(s.exclusiveMinimum) !== undefined ? { exclusiveMinimum: num(s.exclusiveMinimum)! } : {}),
      ...(num(s.exclusiveMaximum) !== undefined ? { exclusiveMaximum: num(s.exclusiveMaximum)! } : {}),
      ...(num(s.default) !== undefined ? { default: num(s.default)! } : {}),
    };
  }
  if (type === 'boolean') return { ...common, kind: 'boolean', ...(typeof s.default === 'boolean' ? { default: s.default } : {}) };
  if (type === 'array' && isObject(s.items)) {
    const items = s.items.anyOf || s.items.oneOf ? undefined : scalarType(s.items);
    if (items === 'string' || items === 'number' || items === 'integer' || items === 'boolean') {
      const itemEnum = Array.isArray(s.items.enum) && s.items.enum.every((e) => typeof e === 'string' || typeof e === 'number') ? (s.items.enum as (string | number)[]) : undefined;
      return {
        ...common,
        kind: 'array',
        items,
        ...(itemEnum ? { itemEnum } : {}),
        ...(num(s.minItems) !== undefined ? { minItems: num(s.minItems)! } : {}),
        ...(num(s.maxItems) !== undefined ? { maxItems: num(s.maxItems)! } : {}),
        ...(Array.isArray(s.default) ? { default: s.default as unknown[] } : {}),
      };
    }
  }
  return {
    ...common,
    kind: 'json',
    ...(type === 'object' || type === 'array' ? { expect: type } : {}),
    ...(s.default !== undefined ? { default: s.default } : {}),
  };
}

/** What the form starts with: each field's default, if the schema gives one. */
export function initialValues(fields: readonly FieldSpec[]): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    if (f.default === undefined) {
      values[f.name] = f.kind === 'boolean' && f.required ? false : f.kind === 'array' ? [] : undefined;
      continue;
    }
    if (f.kind === 'boolean') values[f.name] = f.default;
    else if (f.kind === 'array') values[f.name] = f.default.map((v) => String(v));
    else if (f.kind === 'json') values[f.name] = JSON.stringify(f.default, null, 2);
    else values[f.name] = String(f.default);
  }
  return values;
}

/** One list item (or a number field's text) as its type, or the mistake in words. */
function scalarOf(kind: Scalar, text: string): { value: unknown } | { error: string } {
  if (kind === 'string') return { value: text };
  if (kind === 'boolean') {
    if (text === 'true' || text === 'false') return { value: text === 'true' };
    return { error: 'Must be true or false.' };
  }
  const trimmed = text.trim();
  const n = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(n)) return { error: 'Must be a number.' };
  if (kind === 'integer' && !Number.isInteger(n)) return { error: 'Must be a whole number.' };
  return { value: n };
}

function checkNumber(f: Extract<FieldSpec, { kind: 'number' | 'integer' }>, n: number): string | undefined {
  if (f.enum && !f.enum.includes(n)) return `Must be one of ${f.enum.join(', ')}.`;
  if (f.minimum !== undefined && n < f.minimum) return `Must be at least ${f.minimum}.`;
  if (f.maximum !== undefined && n > f.maximum) return `Must be at most ${f.maximum}.`;
  if (f.exclusiveMinimum !== undefined && n <= f.exclusiveMinimum) return `Must be more than ${f.exclusiveMinimum}.`;
  if (f.exclusiveMaximum !== undefined && n >= f.exclusiveMaximum) return `Must be less than ${f.exclusiveMaximum}.`;
  return undefined;
}

function checkString(f: Extract<FieldSpec, { kind: 'string' }>, s: string): string | undefined {
  if (f.enum && !f.enum.includes(s)) return `Must be one of ${f.enum.join(', ')}.`;
  if (f.minLength !== undefined && s.length < f.minLength) return `Must be at least ${f.minLength} characters long.`;
  if (f.maxLength !== undefined && s.length > f.maxLength) return `Must be at most ${f.maxLength} characters long.`;
  if (f.pattern !== undefined) {
    try {
      if (!new RegExp(f.pattern, 'u').test(s)) return `Must match the pattern ${f.pattern}.`;
    } catch {
      // A pattern JavaScript cannot read: the server decides.
    }
  }
  return undefined;
}

/** The arguments the form's values make, and a sentence for each field that is wrong (none: ready to run). */
export function buildArguments(fields: readonly FieldSpec[], values: FormValues): { args: Record<string, unknown>; errors: Record<string, string> } {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    const missing = v === undefined || (typeof v === 'string' && v.trim() === '' && f.kind !== 'string') || (f.kind === 'string' && v === '');
    if (f.kind === 'boolean') {
      if (typeof v === 'boolean') args[f.name] = v;
      else if (f.required) errors[f.name] = 'Required: choose true or false.';
      continue;
    }
    if (f.kind === 'array') {
      const items = Array.isArray(v) ? v : [];
      if (items.length === 0 && !f.required && f.minItems === undefined) continue;
      const parsed: unknown[] = [];
      let error: string | undefined;
      items.forEach((item, i) => {
        const r = scalarOf(f.items, item);
        if ('error' in r) error ??= `Item ${i + 1}: ${r.error}`;
        else if (f.itemEnum && !f.itemEnum.includes(r.value as string | number)) error ??= `Item ${i + 1}: must be one of ${f.itemEnum.join(', ')}.`;
        else parsed.push(r.value);
      });
      if (!error && f.minItems !== undefined && parsed.length < f.minItems) error = `Needs at least ${f.minItems} item${f.minItems === 1 ? '' : 's'}.`;
      if (!error && f.maxItems !== undefined && parsed.length > f.maxItems) error = `Takes at most ${f.maxItems} item${f.maxItems === 1 ? '' : 's'}.`;
      if (error) errors[f.name] = error;
      else args[f.name] = parsed;
      continue;
    }
    if (missing) {
      if (f.required) errors[f.name] = 'Required.';
      continue;
    }
    const text = String(v);
    if (f.kind === 'string') {
      const error = checkString(f, text);
      if (error) errors[f.name] = error;
      else args[f.name] = text;
    } else if (f.kind === 'number' || f.kind === 'integer') {
      const r = scalarOf(f.kind, text);
      const error = 'error' in r ? r.error : checkNumber(f, r.value as number);
      if (error) errors[f.name] = error;
      else args[f.name] = (r as { value: number }).value;
    } else if (f.kind === 'json') {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (f.expect === 'object' && !isObject(parsed)) errors[f.name] = 'Must be a JSON object, like {"key": "value"}.';
        else if (f.expect === 'array' && !Array.isArray(parsed)) errors[f.name] = 'Must be a JSON array, like [1, 2].';
        else args[f.name] = parsed;
      } catch (e) {
        errors[f.name] = `Not valid JSON: ${(e as Error).message}.`;
      }
    }
  }
  return { args, errors };
}
