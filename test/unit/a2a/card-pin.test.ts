import { describe, expect, it } from 'vitest';
import { normalizeCard, type AgentCardView } from '../../../main/core/a2a/agent-card.js';
import { diffPins, hashPin, pinOf } from '../../../main/core/a2a/card-pin.js';

function cardJson(): Record<string, unknown> {
  return {
    name: 'Writer',
    description: 'Writes and summarizes.',
    version: '1.0.0',
    supportedInterfaces: [
      { url: 'https://writer.example/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: 'https://writer.example/rest', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
    ],
    capabilities: { streaming: true },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      { id: 'summarize', name: 'Summarize', description: 'Summarizes a text.', tags: ['text'], examples: ['Summarize this'] },
      { id: 'draft', name: 'Draft', description: 'Drafts an email.', tags: ['email'] },
    ],
    securitySchemes: {
      oauth: {
        oauth2SecurityScheme: {
          description: 'Sign in',
          flows: { authorizationCode: { authorizationUrl: 'https://auth.example/authorize', tokenUrl: 'https://auth.example/token', scopes: { read: 'Read', write: 'Write' } } },
        },
      },
      key: { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key' } },
    },
    securityRequirements: [{ schemes: { oauth: { list: ['write', 'read'] } } }, { schemes: { key: {} } }],
  };
}

function card(edit: (c: Record<string, unknown>) => void = () => undefined): AgentCardView {
  const json = structuredClone(cardJson());
  edit(json);
  return normalizeCard(json);
}

const diff = (edit: (c: Record<string, unknown>) => void): string[] => diffPins(pinOf(card()), pinOf(card(edit)));
const oauth = (c: Record<string, unknown>) => (c.securitySchemes as { oauth: { oauth2SecurityScheme: { description?: string; flows: { authorizationCode: Record<string, unknown> } } } }).oauth.oauth2SecurityScheme;

describe('card pins', () => {
  it('pins the URLs, skills (id, name, description) and security of a card', () => {
    expect(pinOf(card())).toEqual({
      pinFormat: 1,
      urls: ['https://writer.example/a2a', 'https://writer.example/rest'],
      skills: [
        { id: 'draft', name: 'Draft', description: 'Drafts an email.' },
        { id: 'summarize', name: 'Summarize', description: 'Summarizes a text.' },
      ],
      securitySchemes: {
        oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://auth.example/authorize', tokenUrl: 'https://auth.example/token', pkceRequired: false, scopes: ['read', 'write'] } } },
        key: { type: 'apiKey', location: 'header', name: 'X-API-Key' },
      },
      securityRequirements: [{ key: [] }, { oauth: ['read', 'write'] }],
    });
  });

  it('hashes a pin to the same sha256 whatever the order of members, skills or interfaces', () => {
    const shuffled = card((c) => {
      c.skills = [...(c.skills as unknown[])].reverse();
      c.supportedInterfaces = [...(c.supportedInterfaces as unknown[])].reverse();
      c.securitySchemes = Object.fromEntries(Object.entries(c.securitySchemes as object).reverse());
    });
    expect(hashPin(pinOf(shuffled))).toBe(hashPin(pinOf(card())));
    expect(hashPin(pinOf(card()))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not ask again when only the version or the description changed', () => {
    const bumped = card((c) => {
      c.version = '1.1.0';
      c.description = 'Writes, summarizes, and now does it faster.';
    });
    expect(diffPins(pinOf(card()), pinOf(bumped))).toEqual([]);
    expect(hashPin(pinOf(bumped))).toBe(hashPin(pinOf(card())));
  });

  it('does not ask again for cosmetic changes: tags, examples, modes, capabilities, scheme and scope descriptions', () => {
    expect(
      diff((c) => {
        c.skills = [{ id: 'summarize', name: 'Summarize', description: 'Summarizes a text.', tags: ['text', 'nlp'], examples: [] }, (c.skills as unknown[])[1]];
        c.defaultOutputModes = ['text/markdown'];
        c.capabilities = { streaming: false, pushNotifications: true };
        oauth(c).description = 'Sign in with Writer';
        oauth(c).flows.authorizationCode.scopes = { read: 'Read your drafts', write: 'Change your drafts' };
        c.securityRequirements = [{ schemes: { key: {} } }, { schemes: { oauth: { list: ['read', 'write'] } } }];
      }),
    ).toEqual([]);
  });

  it('names a skill that was added, removed, renamed or redescribed', () => {
    expect(diff((c) => (c.skills as unknown[]).push({ id: 'translate', name: 'Translate', description: 'Translates.' }))).toEqual(['skill "translate" was added']);
    expect(diff((c) => (c.skills = (c.skills as unknown[]).slice(0, 1)))).toEqual(['skill "draft" was removed']);
    expect(diff((c) => ((c.skills as Record<string, unknown>[])[0] = { id: 'summarize', name: 'Summarise', description: 'Summarizes a text.' }))).toEqual([
      'skill "summarize" was renamed from "Summarize" to "Summarise"',
    ]);
    expect(diff((c) => ((c.skills as Record<string, unknown>[])[0] = { id: 'summarize', name: 'Summarize', description: 'Summarizes a text and emails it to us.' }))).toEqual([
      'the description of skill "summarize" changed',
    ]);
  });

  it('names a URL that changed, or URLs added and removed', () => {
    expect(diff((c) => ((c.supportedInterfaces as Record<string, unknown>[])[0] = { url: 'https://elsewhere.example/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }))).toEqual([
      'the URL changed from https://writer.example/a2a to https://elsewhere.example/a2a',
    ]);
    expect(diff((c) => (c.supportedInterfaces as unknown[]).push({ url: 'https://writer.example/grpc', protocolBinding: 'GRPC', protocolVersion: '1.0' }))).toEqual([
      'the URL https://writer.example/grpc was added',
    ]);
    expect(diff((c) => (c.supportedInterfaces = (c.supportedInterfaces as unknown[]).slice(1)))).toEqual(['the URL https://writer.example/a2a was removed']);
  });

  it('names a security scheme that was added, removed or changed, and how', () => {
    expect(diff((c) => ((c.securitySchemes as Record<string, unknown>).mtls = { mtlsSecurityScheme: {} }))).toEqual(['security scheme "mtls" was added']);
    expect(
      diff((c) => {
        delete (c.securitySchemes as Record<string, unknown>).key;
        c.securityRequirements = [{ schemes: { oauth: { list: ['read', 'write'] } } }];
      }),
    ).toEqual(['security scheme "key" was removed', 'the security requirements changed from key or oauth (read, write) to oauth (read, write)']);
    expect(diff((c) => (oauth(c).flows.authorizationCode.tokenUrl = 'https://evil.example/token'))).toEqual([
      'security scheme "oauth" changed: flows.authorizationCode.tokenUrl changed from "https://auth.example/token" to "https://evil.example/token"',
    ]);
    expect(diff((c) => (oauth(c).flows.authorizationCode.scopes = { read: 'Read', write: 'Write', admin: 'Everything' }))).toEqual([
      'security scheme "oauth" changed: flows.authorizationCode.scopes gained "admin"',
    ]);
    expect(diff((c) => ((c.securitySchemes as Record<string, unknown>).key = { httpAuthSecurityScheme: { scheme: 'Bearer' } }))).toEqual([
      'security scheme "key" changed from apiKey to http',
    ]);
  });

  it('names a change of the security requirements', () => {
    expect(diff((c) => (c.securityRequirements = [{ schemes: { oauth: { list: ['read'] }, key: {} } }]))).toEqual([
      'the security requirements changed from key or oauth (read, write) to oauth (read) and key',
    ]);
    expect(diff((c) => (c.securityRequirements = []))).toEqual(['the security requirements changed from key or oauth (read, write) to none']);
  });

  it('compares a v0.3 card with its v1.0 successor by what matters, not by format', () => {
    const v03 = normalizeCard({
      name: 'Writer',
      description: 'Writes.',
      version: '0.9.0',
      url: 'https://writer.example/a2a',
      additionalInterfaces: [{ url: 'https://writer.example/rest', transport: 'HTTP+JSON' }],
      capabilities: {},
      skills: [
        { id: 'summarize', name: 'Summarize', description: 'Summarizes a text.', tags: [] },
        { id: 'draft', name: 'Draft', description: 'Drafts an email.', tags: [] },
      ],
      securitySchemes: {
        oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://auth.example/authorize', tokenUrl: 'https://auth.example/token', scopes: { read: '', write: '' } } } },
        key: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      security: [{ oauth: ['read', 'write'] }, { key: [] }],
    });
    expect(diffPins(pinOf(v03), pinOf(card()))).toEqual([]);
  });
});
