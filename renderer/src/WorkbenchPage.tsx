import { useMemo, useState, type FormEvent } from 'react';
import type { PromptView, PublishedToolView, ResourceTemplateView, ResourceView, WorkbenchRequest } from '../../shared/workbench.js';
import { UI_CLIENT } from '../../shared/workbench.js';
import { Badge, Button, EmptyState, ErrorLine, Loading, PageHeader, Section } from './kit/index.js';
import { paths } from './paths.js';
import { useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';
import { hrefOf, navigate, useLocation } from './router.js';
import { SchemaForm } from './SchemaForm.js';
import { buildArguments, fieldsOf, initialValues, type FieldSpec, type FieldValue, type FormValues } from './schema-form.js';
import { expandTemplate } from './uri-template.js';
import { RunView, useWorkbenchRun } from './WorkbenchRun.js';
import './timeline.css';
import './workbench.css';

type Item =
  | { kind: 'tool'; key: string; tool: PublishedToolView }
  | { kind: 'resource'; key: string; resource: ResourceView }
  | { kind: 'template'; key: string; template: ResourceTemplateView }
  | { kind: 'prompt'; key: string; prompt: PromptView };

/**
 * The Workbench (#/workbench): try what your servers publish, as Agent Hub's own client
 * (agent-hub-ui). A tool gets a form built from its input schema; a resource is read, a template
 * filled in, a prompt got with its arguments, with suggestions where the server completes them. Every
 * request goes through the hub like a client's: consent (the prompt opens here), rate limits and
 * the Timeline. The address names the item (?tool=NAME, ?resource=URI, ?template=…, ?prompt=…;
 * ?server=NAME shows one server's), so a server's page and a call on the Timeline can link here.
 */
export function WorkbenchPage() {
  const { query } = useLocation();
  const tools = useHubQuery('listPublishedTools', []);
  const resources = useHubQuery('listResources', []);
  const templates = useHubQuery('listResourceTemplates', []);
  const prompts = useHubQuery('listPrompts', []);
  const [text, setText] = useState('');
  const server = query.get('server') ?? '';

  const selected = useMemo((): Item | undefined => {
    const tool = query.get('tool');
    if (tool) {
      const t = tools.data?.find((x) => (server ? x.server === server && x.tool === tool : false)) ?? tools.data?.find((x) => x.name === tool);
      return t && { kind: 'tool', key: `tool:${t.name}`, tool: t };
    }
    const uri = query.get('resource');
    if (uri) {
      const r = resources.data?.find((x) => x.uri === uri);
      return r && { kind: 'resource', key: `resource:${r.uri}`, resource: r };
    }
    const template = query.get('template');
    if (template) {
      const t = templates.data?.find((x) => x.uriTemplate === template);
      return t && { kind: 'template', key: `template:${t.uriTemplate}`, template: t };
    }
    const prompt = query.get('prompt');
    if (prompt) {
      const p = prompts.data?.find((x) => x.name === prompt);
      return p && { kind: 'prompt', key: `prompt:${p.name}`, prompt: p };
    }
    return undefined;
  }, [query, server, tools.data, resources.data, templates.data, prompts.data]);

  const wanted = ['tool', 'resource', 'template', 'prompt'].some((k) => query.has(k));
  const loading = tools.isPending || resources.isPending || templates.isPending || prompts.isPending;
  const error = tools.error ?? resources.error ?? templates.error ?? prompts.error;
  const servers = [...new Set([...(tools.data ?? []), ...(resources.data ?? []), ...(templates.data ?? []), ...(prompts.data ?? [])].map((x) => x.server))].sort();
  const match = (...names: (string | undefined)[]) => (!server || names[0] === server) && (!text || names.some((n) => n?.toLowerCase().includes(text.toLowerCase())));
  const link = (q: Record<string, string>) => hrefOf(paths.workbench(), { ...(server ? { server } : {}), ...q });

  return (
    <section className="workbench-page">
      <PageHeader
        title="Workbench"
        description={
          <>
            Try a tool, read a resource or get a prompt. Calls from here are made as the client <code>{UI_CLIENT}</code>: they ask for consent like any
            client&apos;s (your rules for <code>{UI_CLIENT}</code> or for any client apply) and are on the <a href={hrefOf(paths.timeline(), { client: UI_CLIENT })}>Timeline</a>.
          </>
        }
      />
      <ErrorLine error={error?.message} />
      <div className="wb-layout">
        <nav className="wb-catalog" aria-label="What the servers publish">
          <div className="wb-catalog-filters">
            <label className="visually-hidden" htmlFor="wb-filter">
              Filter by name
            </label>
            <input id="wb-filter" type="search" placeholder="Filter by name…" value={text} onChange={(e) => setText(e.target.value)} />
            <label className="wb-server-filter">
              <span>Server</span>
              <select value={server} onChange={(e) => navigate(paths.workbench(), { query: e.target.value ? { server: e.target.value } : {}, replace: true })}>
                <option value="">all</option>
                {servers.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {loading && <Loading>Reading what the servers publish…</Loading>}
          {!loading && (
            <>
              <CatalogGroup title="Tools" items={(tools.data ?? []).filter((t) => match(t.server, t.name, t.title)).map((t) => ({ id: `tool:${t.name}`, label: t.name, sub: t.title, href: link({ tool: t.name }) }))} selected={selected?.key} />
              <CatalogGroup title="Resources" items={(resources.data ?? []).filter((r) => match(r.server, r.uri, r.name)).map((r) => ({ id: `resource:${r.uri}`, label: r.name, sub: r.uri, href: link({ resource: r.uri }) }))} selected={selected?.key} />
              <CatalogGroup
                title="Resource templates"
                items={(templates.data ?? []).filter((t) => match(t.server, t.uriTemplate, t.name)).map((t) => ({ id: `template:${t.uriTemplate}`, label: t.name, sub: t.uriTemplate, href: link({ template: t.uriTemplate }) }))}
                selected={selected?.key}
              />
              <CatalogGroup title="Prompts" items={(prompts.data ?? []).filter((p) => match(p.server, p.name, p.title)).map((p) => ({ id: `prompt:${p.name}`, label: p.name, sub: p.title, href: link({ prompt: p.name }) }))} selected={selected?.key} />
            </>
          )}
        </nav>
        <div className="wb-main">
          {selected?.kind === 'tool' && <ToolPanel key={selected.key} item={selected.key} tool={selected.tool} initialArgs={query.get('args')} />}
          {selected?.kind === 'resource' && <ResourcePanel key={selected.key} item={selected.key} resource={selected.resource} />}
          {selected?.kind === 'template' && <TemplatePanel key={selected.key} item={selected.key} template={selected.template} />}
          {selected?.kind === 'prompt' && <PromptPanel key={selected.key} item={selected.key} prompt={selected.prompt} />}
          {!selected && !loading && (
            <EmptyState title={wanted ? 'That is not published now.' : 'Pick something to try.'}>
              {wanted
                ? 'The server may be stopped, the tool switched off (a hidden tool cannot be called from here either), or its name changed.'
                : servers.length === 0
                  ? 'No server publishes anything yet: add one on the Servers page.'
                  : 'Choose a tool, a resource, a template or a prompt in the list.'}
            </EmptyState>
          )}
        </div>
      </div>
    </section>
  );
}

function CatalogGroup({ title, items, selected }: { title: string; items: { id: string; label: string; sub: string | undefined; href: string }[]; selected: string | undefined }) {
  if (items.length === 0) return null;
  const id = `wb-group-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="wb-group">
      <h3 id={id} className="subhead">
        {title} ({items.length})
      </h3>
      <ul aria-labelledby={id}>
        {items.map((i) => (
          <li key={i.id}>
            <a href={i.href} aria-current={selected === i.id ? 'true' : undefined}>
              <span className="wb-item-name">
                <Revealed text={i.label} />
              </span>
              {i.sub && i.sub !== i.label && (
                <span className="wb-item-sub">
                  <Revealed text={i.sub} />
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

const HINTS: [string, string, 'warning' | 'info' | 'neutral'][] = [
  ['readOnlyHint', 'read-only', 'info'],
  ['destructiveHint', 'destructive', 'warning'],
  ['idempotentHint', 'idempotent', 'neutral'],
  ['openWorldHint', 'open world', 'neutral'],
];

function ToolPanel({ item, tool, initialArgs }: { item: string; tool: PublishedToolView; initialArgs: string | null }) {
  const fields = useMemo(() => fieldsOf(tool.inputSchema), [tool.inputSchema]);
  const [values, setValues] = useState<FormValues>(() => prefill(fields, initialArgs));
  const [tried, setTried] = useState(false);
  const { run, start, starting, error } = useWorkbenchRun(item);
  const { args, errors } = buildArguments(fields, values);
  const unknown = fields.length === 0 && Object.keys((tool.inputSchema.properties as object | undefined) ?? {}).length === 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(errors).length === 0) start({ kind: 'tool', name: tool.name, arguments: args });
  };
  const annotations = tool.annotations ?? {};
  return (
    <>
      <Section
        id="wb-tool"
        title={<ItemTitle item={tool} />}
        description={
          <>
            <ItemSummary item={tool} />
            {HINTS.some(([k]) => annotations[k] !== undefined) && (
              <span className="wb-hints" aria-label="What the server says about this tool">
                {HINTS.filter(([k]) => annotations[k] === true).map(([k, label, tone]) => (
                  <Badge key={k} tone={tone} title="The server's claim, not a fact">
                    {label}
                  </Badge>
                ))}
              </span>
            )}
          </>
        }
      >
        <form className="wb-form" onSubmit={submit} aria-label={`Arguments of ${tool.name}`} noValidate>
          {unknown ? (
            <p className="muted">This tool takes no arguments.</p>
          ) : (
            <SchemaForm fields={fields} values={values} errors={tried ? errors : {}} onChange={(name, v) => setValues((old) => ({ ...old, [name]: v }))} idPrefix="wb-arg" />
          )}
          {tried && Object.keys(errors).length > 0 && (
            <p className="field-issue" role="alert">
              {Object.keys(errors).length === 1 ? 'One field needs' : `${Object.keys(errors).length} fields need`} a look before the call can be made.
            </p>
          )}
          <div className="wb-actions">
            <Button type="submit" variant="primary" busy={starting} disabled={run?.status === 'running'}>
              Run {tool.name}
            </Button>
            <span className="muted">Runs as {UI_CLIENT}, after consent.</span>
          </div>
          <ErrorLine error={error} />
        </form>
      </Section>
      {run && <RunView run={run} />}
    </>
  );
}

/** The form's values from arguments in the address (?args=JSON: "Run again" from the Timeline). */
function prefill(fields: readonly FieldSpec[], json: string | null): FormValues {
  const values = initialValues(fields);
  if (!json) return values;
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return values;
  }
  if (typeof args !== 'object' || args === null) return values;
  for (const f of fields) {
    const v = args[f.name];
    if (v === undefined) continue;
    if (f.kind === 'boolean') values[f.name] = typeof v === 'boolean' ? v : undefined;
    else if (f.kind === 'array') values[f.name] = Array.isArray(v) ? v.map((x) => String(x)) : [];
    else if (f.kind === 'json') values[f.name] = JSON.stringify(v, null, 2);
    else values[f.name] = String(v);
  }
  return values;
}

function ResourcePanel({ item, resource }: { item: string; resource: ResourceView }) {
  const { run, start, starting, error } = useWorkbenchRun(item);
  return (
    <>
      <Section
        id="wb-resource"
        title={<ItemTitle item={resource} plain />}
        description={resource.description && <Revealed text={resource.description} />}
      >
        <p>
          <code className="break">{resource.uri}</code> {resource.mimeType && <span className="muted">{resource.mimeType}</span>}
        </p>
        <div className="wb-actions">
          <Button variant="primary" busy={starting} disabled={run?.status === 'running'} onClick={() => start({ kind: 'resource', uri: resource.uri })}>
            Read resource
          </Button>
        </div>
        <ErrorLine error={error} />
      </Section>
      {run && <RunView run={run} />}
    </>
  );
}

/** Values for one field from the server (completion/complete), on demand: each ask is a request on the record. */
function Suggest({ item, request, onPick }: { item: string; request: () => WorkbenchRequest; onPick: (v: string) => void }) {
  const { run, start, starting } = useWorkbenchRun(`suggest:${item}`);
  const result = run?.rpcResponse && 'result' in run.rpcResponse ? (run.rpcResponse.result.completion as { values?: string[] } | undefined) : undefined;
  return (
    <div className="wb-suggest">
      <Button size="sm" variant="ghost" busy={starting || run?.status === 'running'} onClick={() => start(request())}>
        Suggest values
      </Button>
      {result?.values && (
        <span className="wb-suggestions" role="status">
          {result.values.length === 0
            ? 'No suggestions.'
            : result.values.slice(0, 12).map((v) => (
                <Button key={v} size="sm" onClick={() => onPick(v)}>
                  {v}
                </Button>
              ))}
        </span>
      )}
    </div>
  );
}

function TemplatePanel({ item, template }: { item: string; template: ResourceTemplateView }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const { run, start, starting, error } = useWorkbenchRun(item);
  const missing = template.variables.filter((v) => !values[v]);
  const uri = expandTemplate(template.uriTemplate, values);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (missing.length === 0) start({ kind: 'resource', uri });
  };
  return (
    <>
      <Section
        id="wb-template"
        title={<ItemTitle item={template} plain />}
        description={template.description && <Revealed text={template.description} />}
      >
        <p>
          <code className="break">{template.uriTemplate}</code>
        </p>
        <form className="wb-form" onSubmit={submit} aria-label={`Variables of ${template.name}`} noValidate>
          <SchemaForm
            fields={template.variables.map((v) => ({ name: v, label: v, required: true, kind: 'string', multiline: false }))}
            values={values}
            errors={tried ? Object.fromEntries(missing.map((v) => [v, 'Required: the template needs a value here.'])) : {}}
            onChange={(name, v) => setValues((old) => ({ ...old, [name]: typeof v === 'string' ? v : '' }))}
            idPrefix="wb-var"
            extra={(f) =>
              template.completions ? (
                <Suggest
                  item={`${item}:${f.name}`}
                  request={() => ({ kind: 'completion', ref: { type: 'ref/resource', uri: template.uriTemplate }, argument: { name: f.name, value: values[f.name] ?? '' }, context: values })}
                  onPick={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
                />
              ) : null
            }
          />
          <p className="wb-uri">
            Reads <code className="break">{uri}</code>
          </p>
          <div className="wb-actions">
            <Button type="submit" variant="primary" busy={starting} disabled={run?.status === 'running'}>
              Read resource
            </Button>
          </div>
          <ErrorLine error={error} />
        </form>
      </Section>
      {run && <RunView run={run} />}
    </>
  );
}

function PromptPanel({ item, prompt }: { item: string; prompt: PromptView }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const { run, start, starting, error } = useWorkbenchRun(item);
  const fields: FieldSpec[] = prompt.arguments.map((a) => ({
    name: a.name,
    label: a.name,
    ...(a.description ? { description: a.description } : {}),
    required: a.required === true,
    kind: 'string',
    multiline: false,
  }));
  const filled = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const missing = fields.filter((f) => f.required && !filled[f.name]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (missing.length === 0) start({ kind: 'prompt', name: prompt.name, arguments: filled });
  };
  return (
    <>
      <Section
        id="wb-prompt"
        title={<ItemTitle item={prompt} />}
        description={<ItemSummary item={prompt} />}
      >
        <form className="wb-form" onSubmit={submit} aria-label={`Arguments of ${prompt.name}`} noValidate>
          {fields.length === 0 ? (
            <p className="muted">This prompt takes no arguments.</p>
          ) : (
            <SchemaForm
              fields={fields}
              values={values}
              errors={tried ? Object.fromEntries(missing.map((f) => [f.name, 'Required.'])) : {}}
              onChange={(name, v: FieldValue) => setValues((old) => ({ ...old, [name]: typeof v === 'string' ? v : '' }))}
              idPrefix="wb-parg"
              extra={(f) =>
                prompt.completions ? (
                  <Suggest
                    item={`${item}:${f.name}`}
                    request={() => ({ kind: 'completion', ref: { type: 'ref/prompt', name: prompt.name }, argument: { name: f.name, value: values[f.name] ?? '' }, context: filled })}
                    onPick={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
                  />
                ) : null
              }
            />
          )}
          <div className="wb-actions">
            <Button type="submit" variant="primary" busy={starting} disabled={run?.status === 'running'}>
              Get prompt
            </Button>
          </div>
          <ErrorLine error={error} />
        </form>
      </Section>
      {run && <RunView run={run} />}
    </>
  );
}

/** An item's heading: its name as the server wrote it (code for a tool's or prompt's; plain for a resource's, which is a label) and its server. */
function ItemTitle({ item, plain = false }: { item: { name: string; server: string }; plain?: boolean }) {
  const name = <Revealed text={item.name} />;
  return (
    <>
      {plain ? name : <code>{name}</code>} <span className="muted wb-title-server">on {item.server}</span>
    </>
  );
}

/** Its title and description, both the server's own text. */
function ItemSummary({ item }: { item: { title?: string; description?: string } }) {
  return (
    <>
      {item.title && (
        <strong>
          <Revealed text={item.title} />
        </strong>
      )}{' '}
      {item.description && <Revealed text={item.description} />}
    </>
  );
}
