import { z } from 'zod';
import { ErrorCodes, HubError } from '../../../shared/errors.js';

/**
 * Reading an A2A agent card: where it is, how it is fetched, what of it the hub uses (a normalized view
 * of v1.0 and v0.3 cards) and whether its signatures hold. Field names follow the A2A v1.0 JSON
 * (ProtoJSON of a2a.proto, as in @a2a-js/sdk's AgentCard type).
 */

// ---------------------------------------------------------------------------------------------------
// The normalized view
// ---------------------------------------------------------------------------------------------------

export type A2AProtocolVersion = '0.3' | '1.0';

/** The bindings A2A v1.0 defines; the field is an open string, so others may appear. */
export const ProtocolBindings = ['JSONRPC', 'HTTP+JSON', 'GRPC'] as const;

export interface AgentInterfaceView {
  url: string;
  protocolBinding: string;
  protocolVersion: string;
  tenant?: string;
}

/** Scheme name → required scopes. A card's list of these is alternatives (any one suffices). */
export type SecurityRequirementView = Record<string, string[]>;

export interface AgentSkillView {
  id: string;
  name: string;
  description: string;
  tags: string[];
  examples: string[];
  inputModes?: string[];
  outputModes?: string[];
  securityRequirements?: SecurityRequirementView[];
}

const text = z.string().min(1);
const strings = z.array(z.string()).default([]);
const scopes = z.record(z.string(), z.string()).default({});
// Proto3 JSON omits empty strings, but hand-written cards often carry "" for an unset optional URL.
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
const description = z.string().optional();

const OAuthFlowsObject = z.object({
    authorizationCode: z.object({ authorizationUrl: z.url(), tokenUrl: z.url(), refreshUrl: optionalUrl, scopes, pkceRequired: z.boolean().default(false) }).optional(),
    clientCredentials: z.object({ tokenUrl: z.url(), refreshUrl: optionalUrl, scopes }).optional(),
    deviceCode: z.object({ deviceAuthorizationUrl: z.url(), tokenUrl: z.url(), refreshUrl: optionalUrl, scopes }).optional(),
    // Deprecated by v1.0 but still found in v0.3 cards; kept so a change to them is still seen.
    implicit: z.object({ authorizationUrl: z.url(), refreshUrl: optionalUrl, scopes }).optional(),
    password: z.object({ tokenUrl: z.url(), refreshUrl: optionalUrl, scopes }).optional(),
});
export type OAuthFlowsView = z.output<typeof OAuthFlowsObject>;
const flowCount = (f: OAuthFlowsView): number => Object.values(f).filter((v) => v !== undefined).length;
// v1.0's OAuthFlows is a protobuf oneof (and the SDK's canonical form keeps only one flow, so a second
// one would not be covered by a signature); v0.3 followed OpenAPI, which allows several side by side.
const FlowsV1 = OAuthFlowsObject.refine((f) => flowCount(f) === 1, 'must hold exactly one flow (authorizationCode, clientCredentials, deviceCode, implicit or password)');
const FlowsV03 = OAuthFlowsObject.refine((f) => flowCount(f) >= 1, 'must describe at least one flow (for example authorizationCode)');

export type SecuritySchemeView =
  | { type: 'apiKey'; location: 'header' | 'query' | 'cookie'; name: string; description?: string }
  | { type: 'http'; scheme: string; bearerFormat?: string; description?: string }
  | { type: 'oauth2'; flows: OAuthFlowsView; oauth2MetadataUrl?: string; description?: string }
  | { type: 'openIdConnect'; openIdConnectUrl: string; description?: string }
  | { type: 'mutualTls'; description?: string };

export const SignatureSchema = z.object({ protected: text, signature: text, header: z.record(z.string(), z.unknown()).optional() });
export type AgentCardSignatureView = z.output<typeof SignatureSchema>;

export interface AgentCardView {
  /** '1.0' for a card with supportedInterfaces; '0.3' for one with a top-level url. */
  protocolVersion: A2AProtocolVersion;
  name: string;
  description: string;
  version: string;
  provider?: { organization: string; url: string };
  documentationUrl?: string;
  iconUrl?: string;
  /** In the agent's order of preference: use the first one the hub supports. */
  supportedInterfaces: AgentInterfaceView[];
  capabilities: { streaming: boolean; pushNotifications: boolean; extendedAgentCard: boolean; extensions: { uri: string; description?: string; required: boolean }[] };
  defaultInputModes: string[];
  defaultOutputModes: string[];
  skills: AgentSkillView[];
  securitySchemes: Record<string, SecuritySchemeView>;
  securityRequirements: SecurityRequirementView[];
  signatures: AgentCardSignatureView[];
}

// ---------------------------------------------------------------------------------------------------
// v1.0 and v0.3 JSON, each mapped to the view
// ---------------------------------------------------------------------------------------------------

const ApiKeyLocation = z.enum(['header', 'query', 'cookie']);
const HttpScheme = z.object({ description, scheme: text, bearerFormat: z.string().optional() });
const oauth2Common = { description, oauth2MetadataUrl: optionalUrl };
const OidcScheme = z.object({ description, openIdConnectUrl: z.url() });
const MtlsScheme = z.object({ description });

/** v1.0: a protobuf oneof, so the JSON object holds exactly one member naming the kind of scheme. */
const SchemeV1 = z
  .object({
    apiKeySecurityScheme: z.object({ description, location: ApiKeyLocation, name: text }).optional(),
    httpAuthSecurityScheme: HttpScheme.optional(),
    oauth2SecurityScheme: z.object({ ...oauth2Common, flows: FlowsV1 }).optional(),
    openIdConnectSecurityScheme: OidcScheme.optional(),
    mtlsSecurityScheme: MtlsScheme.optional(),
  })
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, {
    message: 'must hold exactly one of apiKeySecurityScheme, httpAuthSecurityScheme, oauth2SecurityScheme, openIdConnectSecurityScheme or mtlsSecurityScheme',
  })
  .transform((s): SecuritySchemeView => {
    if (s.apiKeySecurityScheme) return { type: 'apiKey', ...s.apiKeySecurityScheme };
    if (s.httpAuthSecurityScheme) return httpView(s.httpAuthSecurityScheme);
    if (s.oauth2SecurityScheme) return { type: 'oauth2', ...s.oauth2SecurityScheme };
    if (s.openIdConnectSecurityScheme) return { type: 'openIdConnect', ...s.openIdConnectSecurityScheme };
    return { type: 'mutualTls', ...s.mtlsSecurityScheme };
  });

/** v0.3: OpenAPI-style objects told apart by `type`. */
const SchemeV03 = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('apiKey'), description, in: ApiKeyLocation, name: text }),
      HttpScheme.extend({ type: z.literal('http') }),
      z.object({ type: z.literal('oauth2'), ...oauth2Common, flows: FlowsV03 }),
      OidcScheme.extend({ type: z.literal('openIdConnect') }),
      MtlsScheme.extend({ type: z.literal('mutualTLS') }),
    ],
    { error: 'must be one of apiKey, http, oauth2, openIdConnect or mutualTLS' },
  )
  .transform((s): SecuritySchemeView => {
    switch (s.type) {
      case 'apiKey':
        return { type: 'apiKey', location: s.in, name: s.name, description: s.description };
      case 'http':
        return httpView(s);
      case 'mutualTLS':
        return { type: 'mutualTls', description: s.description };
      default:
        return s;
    }
  });

/** HTTP auth scheme names are case-insensitive (RFC 9110 §11.1): v1.0 examples say "Bearer", v0.3 "bearer". */
function httpView(s: z.output<typeof HttpScheme>): SecuritySchemeView {
  return { type: 'http', scheme: s.scheme.toLowerCase(), bearerFormat: s.bearerFormat || undefined, description: s.description };
}

const RequirementsV1 = z.array(z.object({ schemes: z.record(z.string(), z.object({ list: strings })).default({}) }));
const RequirementsV03 = z.array(z.record(z.string(), z.array(z.string())));
const fromV1Requirements = (r: z.output<typeof RequirementsV1>): SecurityRequirementView[] =>
  r.map((req) => Object.fromEntries(Object.entries(req.schemes).map(([name, s]) => [name, s.list])));

// Proto3 JSON leaves out empty lists, so an absent list means an empty one (hence the defaults).
const skillCommon = { id: text, name: text, description: text, tags: strings, examples: strings, inputModes: z.array(z.string()).optional(), outputModes: z.array(z.string()).optional() };
const Extension = z.object({ uri: text, description, required: z.boolean().default(false) });
const capabilityCommon = { streaming: z.boolean().default(false), pushNotifications: z.boolean().default(false), extensions: z.array(Extension).default([]) };
const cardCommon = {
  name: text,
  description: text,
  version: text,
  provider: z.object({ organization: text, url: z.string().default('') }).optional(),
  documentationUrl: z.string().optional(),
  iconUrl: z.string().optional(),
  defaultInputModes: strings,
  defaultOutputModes: strings,
  signatures: z.array(SignatureSchema).default([]),
};

const CardV1 = z.object({
  ...cardCommon,
  supportedInterfaces: z.array(z.object({ url: text, protocolBinding: text, protocolVersion: text, tenant: z.string().optional() })).min(1),
  capabilities: z.object({ ...capabilityCommon, extendedAgentCard: z.boolean().default(false) }),
  skills: z.array(z.object({ ...skillCommon, securityRequirements: RequirementsV1.optional() })).default([]),
  securitySchemes: z.record(z.string(), SchemeV1).default({}),
  securityRequirements: RequirementsV1.default([]),
});

const CardV03 = z.object({
  ...cardCommon,
  url: text,
  preferredTransport: text.default('JSONRPC'),
  additionalInterfaces: z.array(z.object({ url: text, transport: text })).default([]),
  protocolVersion: text.default('0.3.0'),
  supportsAuthenticatedExtendedCard: z.boolean().default(false),
  capabilities: z.object(capabilityCommon),
  skills: z.array(z.object({ ...skillCommon, security: RequirementsV03.optional() })).default([]),
  securitySchemes: z.record(z.string(), SchemeV03).default({}),
  security: RequirementsV03.default([]),
});

function fromV1(c: z.output<typeof CardV1>, url: UrlCheck): AgentCardView {
  const { supportedInterfaces, skills, securityRequirements, ...rest } = c;
  return {
    ...rest,
    protocolVersion: '1.0',
    supportedInterfaces: supportedInterfaces.map((i, n) => ({ ...i, url: url(i.url, i.protocolBinding, `supportedInterfaces[${n}].url`) })),
    skills: skills.map(({ securityRequirements: reqs, ...s }) => ({ ...s, ...(reqs ? { securityRequirements: fromV1Requirements(reqs) } : {}) })),
    securityRequirements: fromV1Requirements(securityRequirements),
  };
}

function fromV03(c: z.output<typeof CardV03>, url: UrlCheck): AgentCardView {
  const { url: main, preferredTransport, additionalInterfaces, protocolVersion, supportsAuthenticatedExtendedCard, capabilities, skills, security, ...rest } = c;
  const interfaces = [{ url: url(main, preferredTransport, 'url'), protocolBinding: preferredTransport, protocolVersion }];
  additionalInterfaces.forEach((i, n) => {
    const resolved = url(i.url, i.transport, `additionalInterfaces[${n}].url`);
    // v0.3 asks agents to repeat the main URL here too.
    if (!interfaces.some((x) => x.url === resolved && x.protocolBinding === i.transport)) interfaces.push({ url: resolved, protocolBinding: i.transport, protocolVersion });
  });
  return {
    ...rest,
    protocolVersion: '0.3',
    supportedInterfaces: interfaces,
    capabilities: { ...capabilities, extendedAgentCard: supportsAuthenticatedExtendedCard },
    skills: skills.map(({ security: reqs, ...s }) => ({ ...s, ...(reqs ? { securityRequirements: reqs } : {}) })),
    securityRequirements: security,
  };
}

/** Same test as the SDK's card resolver, so the hub and the SDK agree on which cards are v0.3. */
export function isV03Card(json: Record<string, unknown>): boolean {
  if (Array.isArray(json.supportedInterfaces) && json.supportedInterfaces.length > 0) return false;
  if (typeof json.url === 'string' && !('supportedInterfaces' in json)) return true;
  if (['preferredTransport', 'additionalInterfaces', 'supportsAuthenticatedExtendedCard'].some((k) => k in json)) return true;
  return typeof json.protocolVersion === 'string' && json.protocolVersion.startsWith('0.');
}

// ---------------------------------------------------------------------------------------------------
// normalizeCard
// ---------------------------------------------------------------------------------------------------

/** Resolves an interface URL against the card's URL and checks it, or throws naming `field`. */
type UrlCheck = (value: string, binding: string, field: string) => string;

/**
 * Validates a card (v1.0, or v0.3 mapped to the same shape) and returns what the hub uses of it.
 * `cardUrl`, when known, names the card in errors and resolves relative interface URLs.
 */
export function normalizeCard(json: unknown, cardUrl?: string): AgentCardView {
  const url: UrlCheck = (value, binding, field) => checkInterfaceUrl(value, binding, field, cardUrl);
  if (isRecord(json) && isV03Card(json)) return fromV03(parseOrThrow(CardV03, json, cardUrl), url);
  return fromV1(parseOrThrow(CardV1, json, cardUrl), url);
}

function parseOrThrow<T extends z.ZodType>(schema: T, json: unknown, cardUrl: string | undefined): z.output<T> {
  const parsed = schema.safeParse(json, { error: phrase });
  if (!parsed.success) throw invalidCard(cardUrl, describeIssue(parsed.error.issues[0]));
  return parsed.data;
}

function checkInterfaceUrl(value: string, binding: string, field: string, cardUrl: string | undefined): string {
  let resolved: URL;
  try {
    resolved = new URL(value, cardUrl);
  } catch {
    throw invalidCard(cardUrl, `${field} is not a URL`);
  }
  // gRPC targets may use other schemes; the two HTTP bindings may not.
  if (binding !== 'GRPC' && !/^https?:$/.test(resolved.protocol)) throw invalidCard(cardUrl, `${field} must be an http:// or https:// URL`);
  return resolved.href;
}

function invalidCard(cardUrl: string | undefined, detail: string): HubError {
  return new HubError(ErrorCodes.invalidArgument, `The agent card${cardUrl ? ` at ${cardUrl}` : ''} is not valid: ${detail}.`);
}

/** Turns a zod issue into the end of a sentence ("is missing", "must be a list" …). */
const phrase: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'is missing' : `must be ${TYPE_NAMES[iss.expected] ?? iss.expected}`;
    case 'too_small':
      return iss.origin === 'array' ? 'must list at least one entry' : 'must not be empty';
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return iss.format === 'url' ? 'must be a URL' : `must be a valid ${iss.format}`;
    default:
      return undefined;
  }
};

const TYPE_NAMES: Record<string, string> = { string: 'a string', array: 'a list', object: 'a JSON object', boolean: 'true or false', number: 'a number', record: 'a JSON object' };

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'it is not an agent card';
  return issue.path.length ? `${formatPath(issue.path)} ${issue.message}` : `the card ${issue.message}`;
}

/** skills[0].id, securitySchemes["my key"].name: the way a JSON path reads to a person. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      const key = String(p);
      if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `[${JSON.stringify(key)}]`;
      return i === 0 ? key : `.${key}`;
    })
    .join('');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
