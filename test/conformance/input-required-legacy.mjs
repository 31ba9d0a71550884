// The tools and the prompt the 2026-07-28 input-required-result-* scenarios call, for the LEGACY
// (2025, v1 SDK) fixture: a legacy server asks with real mid-call requests (elicitation/create,
// sampling/createMessage, roots/list), and the hub turns them into `input_required` rounds of its own
// for a 2026-07-28 caller (its requestState names the parked call). Used by everything-server.mjs.
import { CreateMessageResultSchema, ElicitResultSchema, ListRootsResultSchema } from '@modelcontextprotocol/sdk/types.js';

const text = (value) => ({ content: [{ type: 'text', text: value }] });
const obj = (properties) => ({ type: 'object', properties, required: Object.keys(properties) });
const empty = { type: 'object', properties: {} };

const elicit = async (extra, message, properties) => {
  const r = await extra.sendRequest({ method: 'elicitation/create', params: { message, requestedSchema: obj(properties) } }, ElicitResultSchema);
  return r.action === 'accept' ? r.content ?? {} : undefined;
};
const sample = async (extra, prompt) => {
  const r = await extra.sendRequest(
    { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 } },
    CreateMessageResultSchema
  );
  return r.content?.type === 'text' ? r.content.text : JSON.stringify(r.content);
};
const roots = async (extra) => (await extra.sendRequest({ method: 'roots/list' }, ListRootsResultSchema)).roots;

const CALLS = {
  test_input_required_result_elicitation: async (extra) => {
    const a = await elicit(extra, 'What is your name?', { name: { type: 'string' } });
    return text(a ? `Hello, ${a.name}!` : 'No name given.');
  },
  test_input_required_result_sampling: async (extra) => text(`Sampling said: ${await sample(extra, 'What is the capital of France?')}`),
  test_input_required_result_list_roots: async (extra) => text(`Roots: ${(await roots(extra)).map((r) => r.uri).join(', ')}`),
  test_input_required_result_request_state: async (extra) => {
    const a = await elicit(extra, 'Please confirm', { ok: { type: 'boolean' } });
    return text(a ? 'state-ok: confirmed' : 'state-ok: declined');
  },
  test_input_required_result_multiple_inputs: async (extra) => {
    // Asked together, so the hub puts all three in one round.
    const [name, greeting, list] = await Promise.all([elicit(extra, 'What is your name?', { name: { type: 'string' } }), sample(extra, 'Say hello'), roots(extra)]);
    return text(`Hello ${name?.name}: ${greeting}; ${list.length} root(s)`);
  },
  test_input_required_result_multi_round: async (extra) => {
    const step1 = await elicit(extra, 'Step 1: What is your name?', { name: { type: 'string' } });
    const step2 = await elicit(extra, 'Step 2: What is your favorite color?', { color: { type: 'string' } });
    return text(`${step1?.name} likes ${step2?.color}`);
  },
  test_input_required_result_tampered_state: async (extra) => {
    await elicit(extra, 'Please confirm', { ok: { type: 'boolean' } });
    return text('integrity-ok: state verified');
  },
  test_input_required_result_capabilities: async (extra) => {
    // Asks for everything: the hub refuses what its caller did not declare and passes on the rest.
    const answers = await Promise.allSettled([elicit(extra, 'What is your name?', { name: { type: 'string' } }), sample(extra, 'Say hello')]);
    return text(`answered: ${answers.filter((a) => a.status === 'fulfilled').length}`);
  }
};

export const INPUT_REQUIRED_TOOLS = Object.keys(CALLS).map((name) => ({ name, description: `Conformance (SEP-2322): ${name}`, inputSchema: empty }));

/** The result of one of these tools, or undefined for another name. */
export function callInputRequiredTool(name, extra) {
  return CALLS[name]?.(extra);
}

export const INPUT_REQUIRED_PROMPT = { name: 'test_input_required_result_prompt', description: 'Asks for context before it answers' };

export async function getInputRequiredPrompt(extra) {
  const a = await elicit(extra, 'What context should the prompt use?', { context: { type: 'string' } });
  return { messages: [{ role: 'user', content: { type: 'text', text: `Context: ${a?.context ?? '(none)'}` } }] };
}
