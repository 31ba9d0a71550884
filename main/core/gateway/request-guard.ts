import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding and cross-site protection for everything the hub serves on 127.0.0.1: the Host header
 * must name the loopback host and the hub's own port, and an Origin, when a browser sends one, must be
 * the hub's own. Native clients send no Origin, which is allowed (MCP spec, Streamable HTTP security).
 */
export function checkHostAndOrigin(req: IncomingMessage, port: number): { status: 403; reason: string } | undefined {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = req.headers.host ?? '';
  if (!allowed.has(host.toLowerCase())) {
    return { status: 403, reason: `Host "${host}" is not this hub; use http://127.0.0.1:${port}.` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.has(originHost(origin))) {
    return { status: 403, reason: `Requests from the web page ${origin} are not allowed.` };
  }
  return undefined;
}

function originHost(origin: string): string {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' ? u.host.toLowerCase() : '';
  } catch {
    return '';
  }
}
