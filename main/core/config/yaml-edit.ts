import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node } from 'yaml';

/**
 * YAML files (Goose's config.yaml, Continue's config.yaml), read with yaml's Document API. An edit
 * splices the text: the node ranges of the parsed document say where the hub's entry is (or where the
 * last entry ends), and only that stretch is replaced or inserted, so every other byte stays. A layout
 * the splice does not handle (a flow collection with entries, an empty key) is edited through the
 * Document API instead, which keeps comments but may re-indent. The caller checks the result parses to
 * the intended document either way.
 */

export function parseYamlText(text: string): unknown {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new SyntaxError(first.message.split('\n')[0]);
  return doc.toJS();
}

/** A value as a YAML block, without the final line end. */
export function yamlBlock(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

export interface YamlPlace {
  key: string;
  shape: 'map' | 'list';
}

/** The text with the entry set by splicing, or undefined when the layout needs the Document API. */
export function spliceYamlEntry(text: string, place: YamlPlace, name: string, entry: Record<string, unknown>): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = (value: unknown, column: number) => indentRest(yamlBlock(value), column, eol);
  const container = place.shape === 'map' ? { [name]: entry } : [entry];
  const doc = parseDocument(text);
  const root = doc.contents;

  if (root === null || (isScalar(root) && root.value === null)) {
    return `${text}${text === '' || text.endsWith('\n') ? '' : eol}${block({ [place.key]: container }, 0)}${eol}`;
  }
  if (!isMap(root) || root.flow || columnOf(text, root.range![0]) !== 0) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === place.key);
  if (!pair) {
    const at = contentEnd(text, root.range![1]);
    return splice(text, at, at, `${eol}${block({ [place.key]: container }, 0)}`);
  }
  const value = pair.value as Node | null;

  // `key:` with nothing, `~`, `{}` or `[]`: the entry goes right after the colon, as a block.
  const empty = value === null || (isScalar(value) && value.value === null) || ((isMap(value) || isSeq(value)) && value.flow && value.items.length === 0);
  if (empty) {
    const keyNode = pair.key as Node;
    const colon = text.indexOf(':', keyNode.range![1]);
    if (colon === -1) return undefined;
    const written = value?.range ? text.slice(value.range[0], value.range[1]).trim() : '';
    const end = written === '' ? colon + 1 : value!.range![1];
    const column = columnOf(text, keyNode.range![0]) + 2;
    const body = place.shape === 'map' ? block({ [name]: entry }, column) : `- ${block(entry, column + 2)}`;
    return splice(text, colon + 1, end, `${eol}${' '.repeat(column)}${body}`);
  }

  if (place.shape === 'map') {
    if (!isMap(value) || value.flow || value.items.length === 0) return undefined;
    const column = columnOf(text, (value.items[0]!.key as Node).range![0]);
    const existing = value.items.find((p) => isScalar(p.key) && p.key.value === name);
    if (existing) {
      const start = (existing.key as Node).range![0];
      const end = contentEnd(text, ((existing.value ?? existing.key) as Node).range![1]);
      return splice(text, start, end, block({ [name]: entry }, column));
    }
    const last = value.items[value.items.length - 1]!;
    const at = contentEnd(text, ((last.value ?? last.key) as Node).range![1]);
    return splice(text, at, at, `${eol}${' '.repeat(column)}${block({ [name]: entry }, column)}`);
  }

  if (!isSeq(value) || value.flow || value.items.length === 0) return undefined;
  const items = value.items as Node[];
  const existing = items.find((item) => isMap(item) && item.get('name') === name);
  if (existing) {
    const start = existing.range![0];
    return splice(text, start, contentEnd(text, existing.range![1]), block(entry, columnOf(text, start)));
  }
  const dash = text.lastIndexOf('-', items[0]!.range![0]);
  if (dash === -1) return undefined;
  const dashColumn = columnOf(text, dash);
  const at = contentEnd(text, items[items.length - 1]!.range![1]);
  return splice(text, at, at, `${eol}${' '.repeat(dashColumn)}- ${block(entry, dashColumn + 2)}`);
}

/** The same edit through the Document API: comments stay, the layout may be normalized. */
export function documentYamlEntry(text: string, place: YamlPlace, name: string, entry: Record<string, unknown>): string {
  const doc: Document = parseDocument(text);
  if (place.shape === 'map') {
    const map = doc.get(place.key, true);
    if (isMap(map)) map.set(name, doc.createNode(entry));
    else doc.set(place.key, doc.createNode({ [name]: entry }));
  } else {
    const list = doc.get(place.key, true);
    if (isSeq(list)) {
      const index = list.items.findIndex((item) => isMap(item) && item.get('name') === name);
      if (index === -1) list.add(doc.createNode(entry));
      else list.set(index, doc.createNode(entry));
    } else {
      doc.set(place.key, doc.createNode([entry]));
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** The text without the entry (a map member, or the list item with that `name`), through the Document API: comments stay. */
export function removeYamlEntry(text: string, place: YamlPlace, name: string): string {
  const doc: Document = parseDocument(text);
  if (place.shape === 'map') {
    doc.deleteIn([place.key, name]);
  } else {
    const list = doc.get(place.key, true);
    const index = isSeq(list) ? list.items.findIndex((item) => isMap(item) && item.get('name') === name) : -1;
    if (index !== -1) doc.deleteIn([place.key, index]);
  }
  return doc.toString({ lineWidth: 0 });
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Where a node's content ends: its end offset moved back over trailing line ends and spaces. */
function contentEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Every line after the first moved right by `column` spaces (the first line starts where it is put). */
function indentRest(block: string, column: number, eol: string): string {
  return block
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : ' '.repeat(column) + line))
    .join(eol);
}
