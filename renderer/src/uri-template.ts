/**
 * RFC 6570 expansion of a resource template with one string value per variable (levels 1 to 3: the
 * operators + # . / ; ? &, and lists of variables), as a server's template is filled in the Workbench.
 * An empty or missing value is left out, as the RFC says for undefined variables.
 */
const OPERATORS: Record<string, { first: string; sep: string; named: boolean; ifEmpty: string; reserved: boolean }> = {
  '': { first: '', sep: ',', named: false, ifEmpty: '', reserved: false },
  '+': { first: '', sep: ',', named: false, ifEmpty: '', reserved: true },
  '#': { first: '#', sep: ',', named: false, ifEmpty: '', reserved: true },
  '.': { first: '.', sep: '.', named: false, ifEmpty: '', reserved: false },
  '/': { first: '/', sep: '/', named: false, ifEmpty: '', reserved: false },
  ';': { first: ';', sep: ';', named: true, ifEmpty: '', reserved: false },
  '?': { first: '?', sep: '&', named: true, ifEmpty: '=', reserved: false },
  '&': { first: '&', sep: '&', named: true, ifEmpty: '=', reserved: false },
};

const encode = (value: string, reserved: boolean) =>
  reserved
    ? encodeURI(value).replace(/%25([0-9A-Fa-f]{2})/g, '%$1')
    : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function expandTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{([^}]*)\}/g, (_, body: string) => {
    const op = OPERATORS[body[0] ?? ''] ? body[0]! : '';
    const spec = OPERATORS[op]!;
    const parts: string[] = [];
    for (const raw of (op ? body.slice(1) : body).split(',')) {
      const [name, prefix] = raw.replace(/\*$/, '').split(':') as [string, string | undefined];
      let value = values[name];
      if (value === undefined || value === '') continue;
      if (prefix !== undefined) value = [...value].slice(0, Number(prefix)).join('');
      const encoded = encode(value, spec.reserved);
      parts.push(spec.named ? `${name}${encoded === '' ? spec.ifEmpty : `=${encoded}`}` : encoded);
    }
    return parts.length ? spec.first + parts.join(spec.sep) : '';
  });
}
