import path from 'node:path';
import { z } from 'zod';
import { Policy, POLICY_SCHEMA_ID } from '../../../src-shared/policy';

/** The published JSON Schema of the policy (resources/policy/policy.schema.json): what IT writes, defaults not required. */
export const POLICY_SCHEMA_FILE = path.resolve(__dirname, '../../../resources/policy/policy.schema.json');

/** Generated from the zod schema in src-shared/policy.ts, so the two cannot drift (policy/templates.test.ts checks the file). */
export function policyJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(Policy, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $schema, $id: POLICY_SCHEMA_ID, title: 'SalesEdge Copilot IT policy', ...rest };
}
