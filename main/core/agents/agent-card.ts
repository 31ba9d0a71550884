import { canonicalizeAgentCard, type AgentCard } from '@a2a-js/sdk';
import {
  base64url,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  flattenedVerify,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type ProtectedHeaderParameters,
} from 'jose';
import { z } from 'zod';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { canonicalize } from './jcs.js';

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

const SignatureSchema = z.object({ protected: text, signature: text, header: z.record(z.string(), z.unknown()).optional() });
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
function isV03Card(json: Record<string, unknown>): boolean {
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------
// Fetching: bounded in size, time and redirects
// ---------------------------------------------------------------------------------------------------

export type FetchFn = typeof fetch;

export interface FetchCardOptions {
  fetchFn?: FetchFn;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Default 10 s, for the whole exchange including the body. */
  timeoutMs?: number;
  /** Default 1 MB. */
  maxBytes?: number;
}

export interface FetchedCard {
  card: AgentCardView;
  /** The JSON as received: signatures are checked over this, not over the view. */
  raw: unknown;
  /** Where the card was finally read, after redirects. */
  url: string;
  etag?: string;
}

const CARD_PATH = '.well-known/agent-card.json';
const MAX_REDIRECTS = 3;

/** `<base>/.well-known/agent-card.json`, or the URL itself when it already names a JSON document. */
export function agentCardUrl(baseUrl: string): string {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) throw new HubError(ErrorCodes.invalidArgument, `"${baseUrl}" is not an http:// or https:// URL.`);
  url.hash = '';
  // Also covers agent.json, where agents before v0.3 published their card.
  if (url.pathname.endsWith('.json')) return url.href;
  url.search = '';
  url.pathname = `${url.pathname.replace(/\/?$/, '/')}${CARD_PATH}`;
  return url.href;
}

export async function fetchAgentCard(baseUrl: string, options: FetchCardOptions = {}): Promise<FetchedCard> {
  const first = agentCardUrl(baseUrl);
  try {
    const got = await boundedGet(first, { maxBytes: 1024 * 1024, maxRedirects: MAX_REDIRECTS, ...options });
    return { card: normalizeCard(got.json, got.url), raw: got.json, url: got.url, ...(got.etag ? { etag: got.etag } : {}) };
  } catch (e) {
    if (e instanceof GetError) throw new HubError(ErrorCodes.io, `The agent card at ${e.url} could not be read: ${e.message}.`);
    throw e;
  }
}

/** Why a GET failed, as the end of a sentence; `url` is the address that failed (after redirects). */
class GetError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

interface GetOptions extends FetchCardOptions {
  maxBytes: number;
  maxRedirects: number;
}

async function boundedGet(start: string, o: GetOptions): Promise<{ json: unknown; url: string; etag?: string }> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const signal = o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const fetchFn = o.fetchFn ?? fetch;
  let url = start;
  let headers = { accept: 'application/json', ...o.headers };
  for (let hops = 0; ; hops++) {
    const res = await fetchFn(url, { headers, signal, redirect: 'manual' }).catch((e: unknown) => {
      throw o.signal?.aborted ? o.signal.reason : new GetError(url, networkProblem(e, timeoutMs));
    });
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel();
      if (hops >= o.maxRedirects) throw new GetError(start, o.maxRedirects ? `it redirects more than ${o.maxRedirects} times` : 'it redirects elsewhere');
      const next = new URL(res.headers.get('location') ?? '', url);
      if (!/^https?:$/.test(next.protocol)) throw new GetError(url, `it redirects to ${next.protocol} URL ${next.href}, which is not http(s)`);
      // Credentials meant for one origin must not follow a redirect to another.
      if (next.origin !== new URL(url).origin) headers = { accept: headers.accept };
      url = next.href;
      continue;
    }
    const etag = res.headers.get('etag');
    return { json: await readJson(res, url, o.maxBytes, timeoutMs, o.signal), url, ...(etag ? { etag } : {}) };
  }
}

async function readJson(res: Response, url: string, maxBytes: number, timeoutMs: number, callerSignal?: AbortSignal): Promise<unknown> {
  const fail = async (why: string): Promise<never> => {
    await res.body?.cancel().catch(() => undefined);
    throw new GetError(url, why);
  };
  if (!res.ok) return fail(`the server answered HTTP ${res.status}`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // application/json, or a JSON-based type such as application/jwk-set+json.
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) return fail(`it is served as ${type || 'an unnamed content type'}, not as JSON`);
  if (Number(res.headers.get('content-length')) > maxBytes) return fail(`it is larger than ${sizeText(maxBytes)}`);
  let body: string;
  try {
    body = await readLimited(res, url, maxBytes);
  } catch (e) {
    if (e instanceof GetError) throw e;
    throw callerSignal?.aborted ? callerSignal.reason : new GetError(url, networkProblem(e, timeoutMs));
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new GetError(url, 'it is not valid JSON');
  }
}

/** Reads at most `maxBytes`, stopping (not buffering) as soon as a body turns out to be larger. */
async function readLimited(res: Response, url: string, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    total += r.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new GetError(url, `it is larger than ${sizeText(maxBytes)}`);
    }
    chunks.push(r.value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new GetError(url, 'it is not UTF-8 text');
  }
}

function networkProblem(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no complete answer within ${timeoutMs / 1000} s`;
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : undefined;
  return `the request failed (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

// ---------------------------------------------------------------------------------------------------
// Signatures: JWS (RFC 7515) over the JCS-canonical card
// ---------------------------------------------------------------------------------------------------

export interface CardSignatureCheck {
  signed: boolean;
  valid: boolean;
  /** The `kid` of the signature that verified, or of the first one when none did. */
  keyId?: string;
  /** Where the verifying key came from: the caller's trusted keys, a `jku` key set, or the `jwk` in the header. */
  keySource?: 'trusted' | 'jku' | 'jwk';
  jku?: string;
  /** Why the card is unsigned or its signatures do not hold, as the end of a sentence. */
  reason?: string;
}

export interface VerifyCardOptions {
  fetchFn?: FetchFn;
  /** Keys the user trusts, matched by `kid` before any key the card points to. */
  trustedKeys?: readonly JWK[];
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Public-key algorithms only: a symmetric (HS*) key in a card would be public, so anyone could sign
 * with it, and "none" signs nothing.
 */
const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'];

type KeyOutcome = { key: CryptoKey | Uint8Array; source: 'trusted' | 'jku' | 'jwk'; jku?: string } | { reason: string };
type JwksCache = Map<string, Promise<ReturnType<typeof createLocalJWKSet> | string>>;

/**
 * Checks `raw.signatures` (A2A v1.0 AgentCardSignature: {protected, signature, header?}): valid when
 * any one of them verifies over the card without `signatures`.
 */
export async function verifyCardSignatures(raw: unknown, options: VerifyCardOptions = {}): Promise<CardSignatureCheck> {
  const list = isRecord(raw) ? raw.signatures : undefined;
  if (!isRecord(raw) || list === undefined || (Array.isArray(list) && list.length === 0)) return { signed: false, valid: false, reason: 'the card is not signed' };
  if (!Array.isArray(list)) return { signed: true, valid: false, reason: 'signatures is not a list' };
  const payloads = signingPayloads(raw);
  if (typeof payloads === 'string') return { signed: true, valid: false, reason: payloads };
  const cache: JwksCache = new Map();
  const reasons: string[] = [];
  let firstKid: string | undefined;
  for (const [i, entry] of list.entries()) {
    const outcome = await verifyOne(entry, payloads, options, cache);
    firstKid ??= outcome.kid;
    if (outcome.ok) return { signed: true, valid: true, ...(outcome.kid ? { keyId: outcome.kid } : {}), keySource: outcome.source, ...(outcome.jku ? { jku: outcome.jku } : {}) };
    reasons.push(list.length > 1 ? `signature ${i + 1}: ${outcome.reason}` : outcome.reason);
  }
  return { signed: true, valid: false, ...(firstKid ? { keyId: firstKid } : {}), reason: reasons.join('; ') };
}

/**
 * The JWS payloads a signer may have used, base64url-encoded. A2A v1.0 signs the card after protobuf
 * field presence is applied (unset and default-valued fields dropped, as the SDK's canonicalizeAgentCard
 * does); signers that simply canonicalize the JSON they serve produce the plain JCS form. When the
 * served card has no such fields, both are the same text.
 */
function signingPayloads(raw: Record<string, unknown>): string[] | string {
  const { signatures: _omit, ...card } = raw;
  const forms = new Set<string>();
  let plain: string;
  try {
    plain = canonicalize(card);
  } catch (e) {
    return `the card cannot be canonicalized (${e instanceof Error ? e.message : String(e)})`;
  }
  forms.add(plain);
  // The SDK's form keeps only v1.0 fields. For a v0.3 card it would leave out url, security and the
  // schemes, so a signature over it would vouch for none of what the hub uses: v0.3 cards must be
  // signed over all of their JSON.
  if (isV03Card(raw)) return [...forms].map(b64);
  try {
    // The SDK takes a typed card but copes with any object: fromJSON reads only the fields it knows.
    forms.add(canonicalizeAgentCard(card as unknown as AgentCard));
  } catch {
    // Not shaped like a card at all: only the plain form can match.
  }
  return [...forms].map(b64);
}

const b64 = (text: string): string => base64url.encode(new TextEncoder().encode(text));

type VerifyOutcome = { ok: true; kid?: string; source: 'trusted' | 'jku' | 'jwk'; jku?: string } | { ok: false; kid?: string; reason: string };

async function verifyOne(entry: unknown, payloads: string[], options: VerifyCardOptions, cache: JwksCache): Promise<VerifyOutcome> {
  const sig = SignatureSchema.safeParse(entry);
  if (!sig.success) return { ok: false, reason: 'it is not a JWS with protected and signature members' };
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader({ protected: sig.data.protected, payload: '', signature: '' });
  } catch {
    return { ok: false, reason: 'its protected header is not base64url-encoded JSON' };
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (!header.alg || !ALGORITHMS.includes(header.alg)) return { ok: false, kid, reason: `its algorithm "${String(header.alg)}" is not a public-key signature algorithm` };
  // Only the protected header is covered by the signature: a key named in the unprotected one could
  // have been swapped by anyone, so it is never used.
  const found = await signingKey(header, options, cache);
  if ('reason' in found) return { ok: false, kid, reason: found.reason };
  for (const payload of payloads) {
    try {
      await flattenedVerify({ payload, protected: sig.data.protected, signature: sig.data.signature, ...(sig.data.header ? { header: sig.data.header } : {}) }, found.key, { algorithms: ALGORITHMS });
      return { ok: true, kid, source: found.source, ...(found.jku ? { jku: found.jku } : {}) };
    } catch (e) {
      if (!(e instanceof joseErrors.JWSSignatureVerificationFailed)) return { ok: false, kid, reason: `it cannot be checked (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  return { ok: false, kid, reason: 'the signature does not match the card' };
}

async function signingKey(header: ProtectedHeaderParameters, options: VerifyCardOptions, cache: JwksCache): Promise<KeyOutcome> {
  const alg = header.alg ?? '';
  const trusted = header.kid ? options.trustedKeys?.find((k) => k.kid === header.kid) : undefined;
  try {
    if (trusted) return { key: await importJWK(trusted, alg), source: 'trusted' };
    if (typeof header.jku === 'string') return await keyFromJku(header, options, cache);
    if (header.jwk) return await publicKey(await importJWK(header.jwk, alg), 'jwk');
  } catch (e) {
    return { reason: `its key cannot be used (${e instanceof Error ? e.message : String(e)})` };
  }
  return { reason: 'it names no key (no jwk or jku in its protected header, and no trusted key with its kid)' };
}

function publicKey(key: CryptoKey | Uint8Array, source: 'jwk'): KeyOutcome {
  if (key instanceof Uint8Array || key.type !== 'public') return { reason: 'the key in its header is not a public key' };
  return { key, source };
}

async function keyFromJku(header: ProtectedHeaderParameters, options: VerifyCardOptions, cache: JwksCache): Promise<KeyOutcome> {
  const jku = header.jku ?? '';
  if (!isAllowedKeyUrl(jku)) return { reason: `its key set URL ${jku} is neither https:// nor on this computer` };
  let keySet = cache.get(jku);
  if (!keySet) cache.set(jku, (keySet = fetchKeySet(jku, options)));
  const set = await keySet;
  if (typeof set === 'string') return { reason: `the signing key could not be fetched from ${jku}: ${set}` };
  try {
    return { key: await set(header, { payload: '', signature: '' }), source: 'jku', jku };
  } catch (e) {
    if (e instanceof joseErrors.JWKSNoMatchingKey) return { reason: `the key set at ${jku} has no key${header.kid ? ` "${header.kid}"` : ''} for ${header.alg}` };
    throw e;
  }
}

/** The key set, or why it could not be had. */
async function fetchKeySet(jku: string, options: VerifyCardOptions): Promise<ReturnType<typeof createLocalJWKSet> | string> {
  try {
    // No redirects: the signer named this exact URL as where its key lives.
    const { json } = await boundedGet(jku, { ...options, maxBytes: 256 * 1024, maxRedirects: 0, headers: { accept: 'application/jwk-set+json, application/json' } });
    // createLocalJWKSet checks the shape itself (JWKSInvalid below).
    return createLocalJWKSet(json as JSONWebKeySet);
  } catch (e) {
    if (e instanceof GetError) return e.message;
    if (e instanceof joseErrors.JWKSInvalid) return 'it is not a JSON Web Key Set';
    throw e;
  }
}

/** https anywhere, or plain http to this computer (local agents and tests have no certificate). */
function isAllowedKeyUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname));
}
