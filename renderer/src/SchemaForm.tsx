import type { ReactNode } from 'react';
import { Button, Field, type FieldControlProps } from './kit/index.js';
import type { FieldSpec, FieldValue, FormValues } from './schema-form.js';

/**
 * The fields of a tool's input schema (see schema-form.ts): a text box, number box, switch or list of
 * choices for each property, a list editor for an array of those, a JSON box for anything else.
 * Required fields say so in words; `errors` (shown once the user tried to run) say what is wrong.
 * `extra` adds something after a field (a "Suggest" button for completions).
 */
export function SchemaForm({
  fields,
  values,
  errors,
  onChange,
  idPrefix,
  extra,
}: {
  fields: readonly FieldSpec[];
  values: FormValues;
  errors: Record<string, string>;
  onChange: (name: string, value: FieldValue) => void;
  idPrefix: string;
  extra?: (field: FieldSpec) => ReactNode;
}) {
  return (
    <div className="schema-form">
      {fields.map((f) => (
        <div key={f.name} className={`schema-field kind-${f.kind}`}>
          <Field
            id={`${idPrefix}-${f.name}`}
            label={
              <>
                <span className="field-name">{f.label}</span>
                {f.label !== f.name && <code className="field-key">{f.name}</code>}
                {f.required ? <span className="required-mark">required</span> : <span className="optional-mark">optional</span>}
                <span className="field-type">{typeWords(f)}</span>
              </>
            }
            hint={f.description}
            issue={errors[f.name]}
          >
            {(control) => <Control field={f} value={values[f.name]} onChange={(v) => onChange(f.name, v)} control={control} />}
          </Field>
          {extra?.(f)}
        </div>
      ))}
    </div>
  );
}

function typeWords(f: FieldSpec): string {
  switch (f.kind) {
    case 'string':
      return f.enum ? 'one of a list' : 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return `list of ${f.items === 'integer' ? 'whole numbers' : f.items === 'boolean' ? 'true/false' : f.items === 'number' ? 'numbers' : 'texts'}`;
    case 'json':
      return f.expect === 'array' ? 'JSON array' : f.expect === 'object' ? 'JSON object' : 'JSON';
  }
}

function Control({ field: f, value, onChange, control }: { field: FieldSpec; value: FieldValue; onChange: (v: FieldValue) => void; control: FieldControlProps }) {
  const common = { ...control, 'aria-required': f.required || undefined };
  if (f.kind === 'boolean') {
    if (f.required) {
      return (
        <label className="schema-check">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {value === true ? 'true' : 'false'}
        </label>
      );
    }
    return (
      <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
        <option value="">not set</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  if ((f.kind === 'string' || f.kind === 'number' || f.kind === 'integer') && f.enum) {
    return (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">{f.required ? 'choose…' : 'not set'}</option>
        {f.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  }
  if (f.kind === 'array') return <ListEditor field={f} items={Array.isArray(value) ? value : []} onChange={onChange} control={control} />;
  const text = typeof value === 'string' ? value : '';
  if (f.kind === 'json' || (f.kind === 'string' && f.multiline)) {
    return (
      <textarea
        {...common}
        className={f.kind === 'json' ? 'json-input' : undefined}
        rows={f.kind === 'json' ? 4 : 3}
        value={text}
        spellCheck={f.kind !== 'json'}
        placeholder={f.kind === 'json' ? (f.expect === 'array' ? '[ ]' : '{ }') : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <input
      {...common}
      type="text"
      inputMode={f.kind === 'integer' ? 'numeric' : f.kind === 'number' ? 'decimal' : undefined}
      value={text}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      spellCheck={false}
    />
  );
}

function ListEditor({ field: f, items, onChange, control }: { field: Extract<FieldSpec, { kind: 'array' }>; items: string[]; onChange: (v: FieldValue) => void; control: FieldControlProps }) {
  const set = (i: number, v: string) => onChange(items.map((x, j) => (j === i ? v : x)));
  return (
    <div className="list-editor" role="group" aria-labelledby={undefined} aria-describedby={control['aria-describedby']}>
      {items.length === 0 && <span className="muted list-empty">No items.</span>}
      {items.map((item, i) => (
        <div key={i} className="list-item">
          {f.items === 'boolean' || f.itemEnum ? (
            <select id={i === 0 ? control.id : undefined} aria-label={`${f.label}, item ${i + 1}`} value={item} onChange={(e) => set(i, e.target.value)}>
              {(f.itemEnum ?? ['true', 'false']).map((v) => (
                <option key={String(v)} value={String(v)}>
                  {String(v)}
                </option>
              ))}
            </select>
          ) : (
            <input id={i === 0 ? control.id : undefined} type="text" aria-label={`${f.label}, item ${i + 1}`} value={item} onChange={(e) => set(i, e.target.value)} autoComplete="off" />
          )}
          <Button size="sm" variant="ghost" onClick={() => onChange(items.filter((_, j) => j !== i))} aria-label={`Remove item ${i + 1} of ${f.label}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button
        id={items.length === 0 ? control.id : undefined}
        size="sm"
        onClick={() => onChange([...items, f.items === 'boolean' ? 'true' : f.itemEnum ? String(f.itemEnum[0]) : ''])}
        aria-label={`Add an item to ${f.label}`}
      >
        Add item
      </Button>
    </div>
  );
}
