import type { z } from 'zod';

/** The first issue of a zod error as "field.path: message": the one form every validation error takes (hub, CLI and UI). */
export function formatZodIssue(error: z.ZodError, prefix: readonly (string | number)[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))].join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
