#!/usr/bin/env node
// The conformance fixture as a MODERN (MCP 2026-07-28 only) stdio server, written with the v2 SDK
// (@modelcontextprotocol/server 2.4.0): the tools, resources and prompts of everything-server.mjs, plus
// what the 2026-07-28 scenarios call (input-required-result-*, server-stateless's diagnostic tools).
// Input is asked for only with inputRequired(...); for a 2025 caller the hub turns each round into real
// requests. serveStdio(..., { legacy: 'reject' }) answers a 2025 initialize with -32022, so the hub
// sees a modern upstream.
import { ProtocolError, Server, createRequestStateCodec, inputRequired } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import {
  PNG_1X1, PROMPTS, RESOURCES, RESOURCE_TEMPLATES, SEP1034_SCHEMA, SEP1330_SCHEMA, TOOLS, WAV_EMPTY, complete, getPrompt, readResource
} from './everything-server.mjs';

const codec = createRequestStateCodec({ key: 'agent-hub-conformance-modern-fixture-key', ttlSeconds: 600 });
const CAPS = 'io.modelcontextprotocol/clientCapabilities';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value) => ({ type: 'text', text: value });
const result = (value) => ({ content: [text(value)] });
const obj = (properties) => ({ type: 'object', properties, required: Object.keys(properties) });
const elicit = (message, requestedSchema) => inputRequired.elicit({ message, requestedSchema });
const sample = (prompt) => inputRequired.createMessage({ messages: [{ role: 'user', content: text(prompt) }], maxTokens: 100 });
/** The accepted form content of one input response, or undefined. */
const accepted = (ctx, key) => {
  const r = ctx.mcpReq.inputResponses?.[key];
  return r && typeof r === 'object' && r.action === 'accept' && r.content && typeof r.content === 'object' ? r.content : undefined;
};
const got = (ctx, key) => ctx.mcpReq.inputResponses?.[key];
const empty = { type: 'object', properties: {} };

const MODERN_TOOLS = [
  ...[
    'test_input_required_result_elicitation', 'test_input_required_result_sampling', 'test_input_required_result_list_roots',
    'test_input_required_result_request_state', 'test_input_required_result_multiple_inputs', 'test_input_required_result_multi_round',
    'test_input_required_result_tampered_state', 'test_input_required_result_capabilities', 'test_missing_capability',
    'test_streaming_elicitation', 'test_logging_tool', 'test_trigger_tool_change', 'test_trigger_prompt_change'
  ].map((name) => ({ name, description: `Conformance: ${name}`, inputSchema: empty }))
];

/** Round 1 asks (what `ask` returns), round 2 answers: `done(ctx)` gives the result or undefined to ask again. */
async function rounds(ctx, ask, done) {
  const finished = await done(ctx);
  return finished ?? inputRequired(await ask(ctx));
}

const MODERN_CALLS = {
  test_input_required_result_elicitation: (ctx) =>
    rounds(ctx, () => ({ inputRequests: { user_name: elicit('What is your name?', obj({ name: { type: 'string' } })) } }), (c) => {
      const a = accepted(c, 'user_name');
      return typeof a?.name === 'string' ? result(`Hello, ${a.name}!`) : undefined;
    }),
  test_input_required_result_sampling: (ctx) =>
    rounds(ctx, () => ({ inputRequests: { capital_question: sample('What is the capital of France?') } }), (c) => {
      const r = got(c, 'capital_question');
      return r?.content ? result(`Sampling said: ${r.content.text ?? JSON.stringify(r.content)}`) : undefined;
    }),
  test_input_required_result_list_roots: (ctx) =>
    rounds(ctx, () => ({ inputRequests: { client_roots: inputRequired.listRoots() } }), (c) => {
      const r = got(c, 'client_roots');
      return Array.isArray(r?.roots) ? result(`Roots: ${r.roots.map((x) => x.uri).join(', ')}`) : undefined;
    }),
  test_input_required_result_request_state: async (ctx) => {
    const state = ctx.mcpReq.requestState();
    if (accepted(ctx, 'confirm') && state?.step === 'confirm') return result('state-ok: confirmed');
    return inputRequired({ inputRequests: { confirm: elicit('Please confirm', obj({ ok: { type: 'boolean' } })) }, requestState: await codec.mint({ step: 'confirm' }) });
  },
  test_input_required_result_multiple_inputs: async (ctx) => {
    const name = accepted(ctx, 'user_name');
    const greeting = got(ctx, 'greeting');
    const roots = got(ctx, 'client_roots');
    if (name && greeting?.content && Array.isArray(roots?.roots)) return result(`Hello ${name.name}: ${greeting.content.text}; ${roots.roots.length} root(s)`);
    return inputRequired({
      inputRequests: { user_name: elicit('What is your name?', obj({ name: { type: 'string' } })), greeting: sample('Say hello'), client_roots: inputRequired.listRoots() },
      requestState: await codec.mint({ step: 'multiple' })
    });
  },
  test_input_required_result_multi_round: async (ctx) => {
    const state = ctx.mcpReq.requestState();
    const step2 = accepted(ctx, 'step2');
    if (step2 && state?.name) return result(`${state.name} likes ${step2.color}`);
    const step1 = accepted(ctx, 'step1');
    if (step1) return inputRequired({ inputRequests: { step2: elicit('Step 2: What is your favorite color?', obj({ color: { type: 'string' } })) }, requestState: await codec.mint({ round: 2, name: step1.name }) });
    return inputRequired({ inputRequests: { step1: elicit('Step 1: What is your name?', obj({ name: { type: 'string' } })) }, requestState: await codec.mint({ round: 1 }) });
  },
  test_input_required_result_tampered_state: async (ctx) => {
    if (accepted(ctx, 'confirm') && ctx.mcpReq.requestState()) return result('integrity-ok: state verified');
    return inputRequired({ inputRequests: { confirm: elicit('Please confirm', obj({ ok: { type: 'boolean' } })) }, requestState: await codec.mint({ kind: 'tamper-test' }) });
  },
  test_input_required_result_capabilities: async (ctx) => {
    const caps = ctx.mcpReq.envelope?.[CAPS] ?? ctx.mcpReq._meta?.[CAPS] ?? {};
    if (ctx.mcpReq.inputResponses && Object.keys(ctx.mcpReq.inputResponses).length) return result('capabilities-ok');
    const asks = {};
    if (caps.elicitation) asks.user_name = elicit('What is your name?', obj({ name: { type: 'string' } }));
    if (caps.sampling) asks.greeting = sample('Say hello');
    if (caps.roots) asks.client_roots = inputRequired.listRoots();
    return Object.keys(asks).length ? inputRequired({ inputRequests: asks }) : result('no input capabilities declared');
  },
  test_missing_capability: async (ctx) => {
    const caps = ctx.mcpReq.envelope?.[CAPS] ?? ctx.mcpReq._meta?.[CAPS] ?? {};
    if (!caps.sampling) throw new ProtocolError(-32021, 'This tool needs the sampling capability.', { requiredCapabilities: { sampling: {} } });
    return result('sampling declared');
  },
  test_streaming_elicitation: async (ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    if (accepted(ctx, 'answer')) return result('streamed');
    if (token !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
    return inputRequired({ inputRequests: { answer: elicit('Continue?', obj({ ok: { type: 'boolean' } })) } });
  },
  test_logging_tool: async (ctx) => {
    await ctx.mcpReq.log?.('info', 'test_logging_tool ran', 'conformance-fixture');
    return result('logged');
  }
};

function buildServer(notify) {
  const server = new Server(
    { name: 'agent-hub-conformance-fixture-modern', version: '1.0.0' },
    {
      capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
      requestState: { verify: codec.verify }
    }
  );
  const protocolError = (error) => (error && typeof error.code === 'number' ? new ProtocolError(error.code === -32002 ? -32602 : error.code, error.message, error.data) : error);
  server.setRequestHandler('tools/list', async () => ({ tools: [...TOOLS, ...MODERN_TOOLS] }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    if (MODERN_CALLS[name]) return MODERN_CALLS[name](ctx);
    switch (name) {
      case 'test_simple_text':
        return result('This is a simple text response for testing.');
      case 'test_image_content':
        return { content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] };
      case 'test_audio_content':
        return { content: [{ type: 'audio', data: WAV_EMPTY, mimeType: 'audio/wav' }] };
      case 'test_embedded_resource':
        return { content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] };
      case 'test_multiple_content_types':
        return {
          content: [
            text('Multiple content types test:'),
            { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
            { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) } }
          ]
        };
      case 'test_tool_with_logging':
        for (const [i, message] of ['Tool execution started', 'Tool processing data', 'Tool execution completed'].entries()) {
          if (i) await sleep(50);
          await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', logger: 'conformance-fixture', data: message } });
        }
        return result('Tool with logging executed successfully');
      case 'test_tool_with_progress': {
        const progressToken = ctx.mcpReq._meta?.progressToken;
        for (const progress of [0, 50, 100]) {
          if (progressToken !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total: 100, message: `Completed ${progress} of 100` } });
          if (progress < 100) await sleep(50);
        }
        return result(`Progress reported for token ${JSON.stringify(progressToken ?? null)}`);
      }
      case 'test_error_handling':
        return { isError: true, content: [text('This tool intentionally returns an error for testing')] };
      case 'test_sampling': {
        const r = got(ctx, 'sample');
        if (r?.content) return result(`LLM response: ${r.content.text ?? '(no text in sampling result)'}`);
        return inputRequired({ inputRequests: { sample: sample(String(args.prompt ?? '')) } });
      }
      case 'test_elicitation':
        return elicitRound(ctx, String(args.message ?? ''), obj({ username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } }), 'User response');
      case 'test_elicitation_sep1034_defaults':
        return elicitRound(ctx, 'Please review and update the form fields with defaults', SEP1034_SCHEMA);
      case 'test_elicitation_sep1330_enums':
        return elicitRound(ctx, 'Please select options from the enum fields', SEP1330_SCHEMA);
      case 'test_reconnection':
        await sleep(100);
        return result('Reconnection test completed successfully. If you received this, the client reconnected after stream closure.');
      case 'json_schema_2020_12_tool':
        return result(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`);
      case 'test_header_param':
        return result(`region: ${args.region}`);
      case 'test_trigger_tool_change':
        notify.toolsChanged();
        return result('tools changed');
      case 'test_trigger_prompt_change':
        notify.promptsChanged();
        return result('prompts changed');
    }
    throw new ProtocolError(-32602, `Unknown tool: ${name}`);
  });
  server.setRequestHandler('resources/list', async () => ({ resources: RESOURCES }));
  server.setRequestHandler('resources/templates/list', async () => ({ resourceTemplates: RESOURCE_TEMPLATES }));
  server.setRequestHandler('resources/read', async (request) => {
    try {
      return { contents: [readResource(request.params.uri)] };
    } catch (error) {
      throw protocolError(error);
    }
  });
  server.setRequestHandler('prompts/list', async () => ({
    prompts: [...PROMPTS, { name: 'test_input_required_result_prompt', description: 'Asks for context before it answers (input_required)' }]
  }));
  server.setRequestHandler('prompts/get', async (request, ctx) => {
    if (request.params.name === 'test_input_required_result_prompt') {
      const a = accepted(ctx, 'context');
      if (a) return { messages: [{ role: 'user', content: text(`Context: ${JSON.stringify(a)}`) }] };
      return inputRequired({ inputRequests: { context: elicit('What context should the prompt use?', obj({ context: { type: 'string' } })) } });
    }
    try {
      return getPrompt(request.params.name, request.params.arguments ?? {});
    } catch (error) {
      throw protocolError(error);
    }
  });
  server.setRequestHandler('completion/complete', async (request) => complete(request.params.ref, request.params.argument));
  return server;
}

async function elicitRound(ctx, message, requestedSchema, label = 'Elicitation completed') {
  const r = got(ctx, 'form');
  if (r?.action) return result(`${label}: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  return inputRequired({ inputRequests: { form: elicit(message, requestedSchema) } });
}

let instance;
serveStdio(
  () => {
    instance = buildServer({
      toolsChanged: () => void instance?.sendToolListChanged?.(),
      promptsChanged: () => void instance?.sendPromptListChanged?.()
    });
    return instance;
  },
  { legacy: 'reject' }
);
