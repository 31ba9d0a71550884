/**
 * The one Content-Security-Policy of Agent Hub's pages: the desktop window (set on every response by
 * the Electron shell), the browser UI (sent by the hub with each file) and renderer/index.html's meta
 * tag, which carries it without frame-ancestors (browsers ignore that directive in a meta tag; the
 * header forbids framing). A unit test keeps index.html in step with this.
 */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** The policy as a meta tag may carry it. */
export const META_CSP = CSP.replace(" frame-ancestors 'none';", '');
