/** The hub's port unless --port says otherwise; clients' configs point here, so it stays put. */
export const DEFAULT_PORT = 47470;
