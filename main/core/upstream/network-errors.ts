/**
 * A failed fetch as a cause a person can act on. Node's fetch says only "fetch failed"; the reason is
 * a code on its `cause` (or on the first of an AggregateError's errors, when several addresses were
 * tried). Undefined when the error is not a network failure.
 */
export function describeNetworkError(failure: unknown, url: string): string | undefined {
  // The v2 client wraps it ("Version negotiation probe failed: fetch failed"), with the fetch error as its cause.
  let e = failure;
  for (let i = 0; i < 3 && !(e instanceof TypeError) && e instanceof Error && e.cause !== undefined; i++) e = e.cause;
  if (!(e instanceof TypeError) || !/fetch failed|bad port/i.test(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`)) return undefined;
  const cause = e.cause as (Error & { code?: string; errors?: (Error & { code?: string })[] }) | undefined;
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? '';
  const { host } = new URL(url);
  if (code === 'ECONNREFUSED') return `nothing is listening at ${url} (connection refused); is the server running?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name ${hostname(host)} was not found (DNS); check the URL`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `connecting to ${host} timed out`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `${host} closed the connection`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${host} cannot be reached from this computer (no route)`;
  if (/CERT|TLS|SSL|SIGNATURE|VERIFY/.test(code) || /certificate|tls|ssl/i.test(cause?.message ?? '')) {
    return `the TLS connection to ${host} failed (${cause?.message ?? code}); check the URL and the server's certificate`;
  }
  if (/bad port/i.test(cause?.message ?? '')) return `${url} uses a port that fetch refuses to connect to; use another port`;
  return `${url} could not be reached (${code || cause?.message || e.message})`;
}

const hostname = (host: string) => host.replace(/:\d+$/, '');
