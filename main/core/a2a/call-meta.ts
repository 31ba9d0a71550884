/**
 * `_meta` keys the gateway sets on calls to the hub's in-process A2A servers: the calling client and the
 * call's timeline id. Set after the client's own _meta, so a client can never claim to be another.
 */
export const CALLER_META = 'agent-hub/client';
export const CALL_ID_META = 'agent-hub/call';
