#!/usr/bin/env node
// Fixture MCP server for running the official conformance suite
// (@modelcontextprotocol/conformance 0.1.16, server mode) *through* the hub.
//
// The suite ships no fixture: its server scenarios call tools, resources and
// prompts by fixed names (test_simple_text, test://static-text, ...). The hub
// spawns upstream servers over stdio, so this fixture speaks stdio when run
// directly:
//
//     node test/conformance/everything-server.mjs
//
// It also exports createEverythingServer() so a test can put the very same
// server behind an HTTP transport in-process (to check the fixture itself).
//
// The low-level Server API is used on purpose instead of McpServer: the suite
// checks exact wire shapes (raw JSON Schema 2020-12 keywords, isError results,
// elicitation schemas), and hand-written handlers keep those byte-for-byte
// under our control instead of going through zod conversion.
//
// Plain ESM JavaScript, no build step; must run under Node 20.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema
} from '@modelcontextprotocol/sdk/types.js';
import { INPUT_REQUIRED_PROMPT, INPUT_REQUIRED_TOOLS, callInputRequiredTool, getInputRequiredPrompt } from './input-required-legacy.mjs';

// 1x1 red PNG and a header-only WAV: the smallest payloads the content checks
// accept (they only look for non-empty data + mimeType).
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV_EMPTY = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

// RFC 5424 order, as used by logging/setLevel (least to most severe).
const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value) => ({ type: 'text', text: value });
const toolError = (message) => ({ isError: true, content: [text(message)] });
const emptyObjectSchema = { type: 'object', properties: {} };

// ---------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------

const TOOLS = [
  { name: 'test_simple_text', description: 'Returns a single text content item', inputSchema: emptyObjectSchema },
  { name: 'test_image_content', description: 'Returns a PNG image content item', inputSchema: emptyObjectSchema },
  { name: 'test_audio_content', description: 'Returns a WAV audio content item', inputSchema: emptyObjectSchema },
  {
    name: 'test_embedded_resource',
    description: 'Returns an embedded text resource',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_multiple_content_types',
    description: 'Returns text, image and embedded resource content together',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_tool_with_logging',
    description: 'Emits three info-level log notifications while it runs',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_tool_with_progress',
    description: 'Reports progress 0/50/100 of 100 when the call carries a progress token',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_error_handling',
    description: 'Always fails with a tool-level error (isError: true)',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_sampling',
    description: 'Asks the client for an LLM completion (sampling/createMessage) during the call',
    inputSchema: {
      type: 'object',
      properties: { prompt: { type: 'string', description: 'The prompt to send to the LLM' } },
      required: ['prompt']
    }
  },
  {
    name: 'test_elicitation',
    description: 'Asks the client for user input (elicitation/create) during the call',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'The message to show the user' } },
      required: ['message']
    }
  },
  {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Elicitation whose schema carries defaults for every primitive type (SEP-1034)',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_elicitation_sep1330_enums',
    description: 'Elicitation using all five enum schema variants (SEP-1330)',
    inputSchema: emptyObjectSchema
  },
  {
    name: 'test_reconnection',
    description:
      'Closes the SSE stream mid-call when the transport supports it (SEP-1699), then returns a result',
    inputSchema: emptyObjectSchema
  },
  {
    // The suite checks that these 2020-12 keywords survive tools/list
    // untouched, so a gateway must republish inputSchema verbatim.
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features (SEP-1613)',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: {
          $anchor: 'addressDef',
          type: 'object',
          properties: { street: { type: 'string' }, city: { type: 'string' } }
        }
      },
      properties: {
        name: { type: 'string' },
        address: { $ref: '#/$defs/address' },
        contactMethod: { type: 'string', enum: ['phone', 'email'] },
        phone: { type: 'string' },
        email: { type: 'string' }
      },
      // SEP-2106 (checked from 2026-07-28 on): composition and conditional keywords survive too.
      allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
      if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
      then: { required: ['phone'] },
      else: { required: ['email'] },
      additionalProperties: false
    }
  },
  {
    // SEP-2243 (2026-07-28): a parameter mirrored into an Mcp-Param-Region header.
    name: 'test_header_param',
    description: 'Tool whose region argument travels in the Mcp-Param-Region header too',
    inputSchema: {
      type: 'object',
      properties: { region: { type: 'string', description: 'A region', 'x-mcp-header': 'Region' } },
      required: ['region']
    }
  }
];

const SEP1034_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'User name', default: 'John Doe' },
    age: { type: 'integer', description: 'User age', default: 30 },
    score: { type: 'number', description: 'User score', default: 95.5 },
    status: {
      type: 'string',
      description: 'User status',
      enum: ['active', 'inactive', 'pending'],
      default: 'active'
    },
    verified: { type: 'boolean', description: 'Verification status', default: true }
  },
  required: []
};

const SEP1330_SCHEMA = {
  type: 'object',
  properties: {
    untitledSingle: {
      type: 'string',
      description: 'Select one option',
      enum: ['option1', 'option2', 'option3']
    },
    titledSingle: {
      type: 'string',
      description: 'Select one option with titles',
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' }
      ]
    },
    legacyEnum: {
      type: 'string',
      description: 'Select one option (legacy)',
      enum: ['opt1', 'opt2', 'opt3'],
      enumNames: ['Option One', 'Option Two', 'Option Three']
    },
    untitledMulti: {
      type: 'array',
      description: 'Select multiple options',
      minItems: 1,
      maxItems: 3,
      items: { type: 'string', enum: ['option1', 'option2', 'option3'] }
    },
    titledMulti: {
      type: 'array',
      description: 'Select multiple options with titles',
      minItems: 1,
      maxItems: 3,
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' }
        ]
      }
    }
  },
  required: []
};

// ---------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------

const RESOURCES = [
  {
    uri: 'test://static-text',
    name: 'static-text',
    title: 'Static Text Resource',
    description: 'A static text resource for testing',
    mimeType: 'text/plain'
  },
  {
    uri: 'test://static-binary',
    name: 'static-binary',
    title: 'Static Binary Resource',
    description: 'A static binary resource (PNG image) for testing',
    mimeType: 'image/png'
  },
  {
    uri: 'test://watched-resource',
    name: 'watched-resource',
    title: 'Watched Resource',
    description: 'A resource clients can subscribe to',
    mimeType: 'text/plain'
  }
];

const RESOURCE_TEMPLATES = [
  {
    uriTemplate: 'test://template/{id}/data',
    name: 'template',
    title: 'Resource Template',
    description: 'A resource template with parameter substitution',
    mimeType: 'application/json'
  }
];

const TEMPLATE_URI = /^test:\/\/template\/([^/]+)\/data$/;

function readResource(uri) {
  switch (uri) {
    case 'test://static-text':
      return { uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' };
    case 'test://static-binary':
      return { uri, mimeType: 'image/png', blob: PNG_1X1 };
    case 'test://watched-resource':
      return { uri, mimeType: 'text/plain', text: 'Watched resource content' };
  }
  const match = TEMPLATE_URI.exec(uri);
  if (match) {
    const id = decodeURIComponent(match[1]);
    return {
      uri,
      mimeType: 'application/json',
      text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` })
    };
  }
  // -32002 is the spec's "resource not found" code.
  throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
}

// ---------------------------------------------------------------------------
// Prompts
// ---------------------------------------------------------------------------

const PROMPTS = [
  { name: 'test_simple_prompt', title: 'Simple Test Prompt', description: 'A simple prompt without arguments' },
  {
    name: 'test_prompt_with_arguments',
    title: 'Prompt With Arguments',
    description: 'A prompt with required arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true }
    ]
  },
  {
    name: 'test_prompt_with_embedded_resource',
    title: 'Prompt With Embedded Resource',
    description: 'A prompt that includes an embedded resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }]
  },
  { name: 'test_prompt_with_image', title: 'Prompt With Image', description: 'A prompt that includes image content' }
];

function getPrompt(name, args) {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
  const missing = (prompt.arguments ?? []).filter((a) => a.required && typeof args[a.name] !== 'string');
  if (missing.length > 0) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `Missing required argument(s) for ${name}: ${missing.map((a) => a.name).join(', ')}`
    );
  }
  switch (name) {
    case 'test_simple_prompt':
      return { messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] };
    case 'test_prompt_with_arguments':
      return {
        messages: [
          { role: 'user', content: text(`Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`) }
        ]
      };
    case 'test_prompt_with_embedded_resource':
      return {
        messages: [
          {
            role: 'user',
            content: {
              type: 'resource',
              resource: {
                uri: args.resourceUri,
                mimeType: 'text/plain',
                text: 'Embedded resource content for testing.'
              }
            }
          },
          { role: 'user', content: text('Please process the embedded resource above.') }
        ]
      };
    case 'test_prompt_with_image':
      return {
        messages: [
          { role: 'user', content: { type: 'image', data: PNG_1X1, mimeType: 'image/png' } },
          { role: 'user', content: text('Please analyze the image above.') }
        ]
      };
  }
  throw new McpError(ErrorCode.InternalError, `Prompt ${name} has no implementation`);
}

// Completion candidates keyed by "<ref>#<argument>". Real values (rather than
// the empty list the suite tolerates) let a gateway test see completions
// actually flow through it.
const COMPLETIONS = {
  'prompt:test_prompt_with_arguments#arg1': ['paris', 'park', 'party', 'test1', 'test2'],
  'prompt:test_prompt_with_arguments#arg2': ['red', 'green', 'blue', 'test3'],
  'resource:test://template/{id}/data#id': ['1', '2', '3', '123']
};

function complete(ref, argument) {
  const key =
    ref.type === 'ref/prompt' ? `prompt:${ref.name}#${argument.name}` : `resource:${ref.uri}#${argument.name}`;
  const prefix = String(argument.value ?? '').toLowerCase();
  const values = (COMPLETIONS[key] ?? []).filter((v) => v.toLowerCase().startsWith(prefix));
  return { completion: { values, total: values.length, hasMore: false } };
}

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

/**
 * Builds one fixture server instance. One instance serves exactly one client
 * connection (stdio process, or one HTTP session), so per-connection state
 * such as the log level and subscriptions lives in this closure.
 */
export function createEverythingServer() {
  const server = new Server(
    { name: 'agent-hub-conformance-fixture', version: '1.0.0' },
    {
      capabilities: {
        tools: {},
        resources: { subscribe: true },
        prompts: {},
        logging: {},
        completions: {}
      },
      instructions: 'Fixture for the MCP conformance suite; every tool/resource/prompt name is fixed by the suite.'
    }
  );

  let minLogLevel = null; // null = client never called logging/setLevel, send everything
  const subscriptions = new Set();

  // Logs go through extra.sendNotification (not server.sendLoggingMessage) so
  // that, over Streamable HTTP, they travel on the calling request's SSE
  // stream; the SDK's built-in setLevel handler is replaced so we can still
  // honour the level ourselves.
  async function log(extra, level, data) {
    if (minLogLevel && LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(minLogLevel)) return;
    await extra.sendNotification({
      method: 'notifications/message',
      params: { level, logger: 'conformance-fixture', data }
    });
  }

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    minLogLevel = request.params.level;
    return {};
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...TOOLS, ...INPUT_REQUIRED_TOOLS] }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};

    switch (name) {
      case 'test_simple_text':
        return { content: [text('This is a simple text response for testing.')] };

      case 'test_image_content':
        return { content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] };

      case 'test_audio_content':
        return { content: [{ type: 'audio', data: WAV_EMPTY, mimeType: 'audio/wav' }] };

      case 'test_embedded_resource':
        return {
          content: [
            {
              type: 'resource',
              resource: {
                uri: 'test://embedded-resource',
                mimeType: 'text/plain',
                text: 'This is an embedded resource content.'
              }
            }
          ]
        };

      case 'test_multiple_content_types':
        return {
          content: [
            text('Multiple content types test:'),
            { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
            {
              type: 'resource',
              resource: {
                uri: 'test://mixed-content-resource',
                mimeType: 'application/json',
                text: JSON.stringify({ test: 'data', value: 123 })
              }
            }
          ]
        };

      case 'test_tool_with_logging':
        // The gaps make the notifications arrive while the call is still in
        // flight, which is what a gateway has to relay.
        await log(extra, 'info', 'Tool execution started');
        await sleep(50);
        await log(extra, 'info', 'Tool processing data');
        await sleep(50);
        await log(extra, 'info', 'Tool execution completed');
        return { content: [text('Tool with logging executed successfully')] };

      case 'test_tool_with_progress': {
        const progressToken = request.params._meta?.progressToken;
        for (const progress of [0, 50, 100]) {
          // Progress is only meaningful (and only allowed) against a token the
          // caller supplied; without one we still take the same time.
          if (progressToken !== undefined) {
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress, total: 100, message: `Completed ${progress} of 100` }
            });
          }
          if (progress < 100) await sleep(50);
        }
        return { content: [text(`Progress reported for token ${JSON.stringify(progressToken ?? null)}`)] };
      }

      case 'test_error_handling':
        return toolError('This tool intentionally returns an error for testing');

      case 'test_sampling': {
        if (typeof args.prompt !== 'string') return toolError('Missing required argument: prompt');
        try {
          // extra.sendRequest (not server.createMessage) ties the request to
          // this call; it still fails fast if the client lacks `sampling`.
          const result = await extra.sendRequest(
            {
              method: 'sampling/createMessage',
              params: {
                messages: [{ role: 'user', content: text(args.prompt) }],
                maxTokens: 100
              }
            },
            CreateMessageResultSchema
          );
          const parts = Array.isArray(result.content) ? result.content : [result.content];
          const reply = parts.find((p) => p?.type === 'text')?.text ?? '(no text in sampling result)';
          return { content: [text(`LLM response: ${reply}`)] };
        } catch (error) {
          return toolError(`Sampling failed: ${error.message}`);
        }
      }

      case 'test_elicitation':
        if (typeof args.message !== 'string') return toolError('Missing required argument: message');
        return elicit(extra, args.message, {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" }
          },
          required: ['username', 'email']
        }, 'User response');

      case 'test_elicitation_sep1034_defaults':
        return elicit(extra, 'Please review and update the form fields with defaults', SEP1034_SCHEMA);

      case 'test_elicitation_sep1330_enums':
        return elicit(extra, 'Please select options from the enum fields', SEP1330_SCHEMA);

      case 'test_reconnection':
        // Only a Streamable HTTP transport with an event store offers
        // closeSSEStream; over stdio this is a plain delayed result and the
        // SEP-1699 stream handling is entirely the gateway's business.
        extra.closeSSEStream?.();
        await sleep(100);
        return {
          content: [
            text('Reconnection test completed successfully. If you received this, the client reconnected after stream closure.')
          ]
        };

      case 'json_schema_2020_12_tool':
        return { content: [text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`)] };

      case 'test_header_param':
        return { content: [text(`region: ${args.region}`)] };

      default: {
        const asking = callInputRequiredTool(name, extra);
        if (asking) return asking;
        // Unknown tool is a protocol error, not a tool result.
        throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
      }
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: RESOURCES }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: RESOURCE_TEMPLATES
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => ({
    contents: [readResource(request.params.uri)]
  }));

  // The content never changes, so no notifications/resources/updated is ever
  // due; tracking the set is enough to make subscribe/unsubscribe honest.
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: [...PROMPTS, INPUT_REQUIRED_PROMPT] }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) =>
    request.params.name === INPUT_REQUIRED_PROMPT.name
      ? getInputRequiredPrompt(extra)
      : getPrompt(request.params.name, request.params.arguments ?? {})
  );

  server.setRequestHandler(CompleteRequestSchema, async (request) =>
    complete(request.params.ref, request.params.argument)
  );

  return server;
}

async function elicit(extra, message, requestedSchema, label = 'Elicitation completed') {
  try {
    // `mode` is left out: 2025-11-25 clients treat its absence as "form", and
    // older (2025-06-18) clients would not recognise the field.
    const result = await extra.sendRequest(
      { method: 'elicitation/create', params: { message, requestedSchema } },
      ElicitResultSchema
    );
    return {
      content: [text(`${label}: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)]
    };
  } catch (error) {
    return toolError(`Elicitation failed: ${error.message}`);
  }
}

// ---------------------------------------------------------------------------
// stdio entry point
// ---------------------------------------------------------------------------

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const server = createEverythingServer();
  // stdout carries the protocol; anything human-readable goes to stderr.
  server.onerror = (error) => console.error('[conformance-fixture]', error);
  await server.connect(new StdioServerTransport());
}

// The same tools, resources and prompts for the 2026-07-28 fixture (everything-server-modern.mjs).
export { TOOLS, RESOURCES, RESOURCE_TEMPLATES, PROMPTS, SEP1034_SCHEMA, SEP1330_SCHEMA, PNG_1X1, WAV_EMPTY, readResource, getPrompt, complete };
