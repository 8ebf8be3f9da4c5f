import type { z } from 'zod';
import { badRequest } from './errors';

/** zod at the door: the first problem becomes a one-line 400 (wrong protocol → unsupported_version). */
export function parseOr400<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const res = schema.safeParse(data);
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  const where = issue.path.join('.') || '(root)';
  if (issue.path[0] === 'protocol') throw badRequest(`${what}: ${issue.message}`, 'unsupported_version');
  throw badRequest(`invalid ${what}: ${where}: ${issue.message}`);
}
