/**
 * Where credentials and signing keys may travel: https anywhere, plain http only to this computer (a
 * local server, a test fixture). Used by sign-in (tokens, codes) and A2A card checks (key sets).
 */
export function isHttpsOrLoopback(value: string | URL): boolean {
  if (typeof value === 'string' && !URL.canParse(value)) return false;
  const u = new URL(value);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname));
}
