// Writes resources/policy/policy.schema.json from the zod policy schema (npm run policy:schema).
import fs from 'node:fs';
import { POLICY_SCHEMA_FILE, policyJsonSchema } from '../src-main/core/policy/json-schema';

fs.writeFileSync(POLICY_SCHEMA_FILE, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${POLICY_SCHEMA_FILE}\n`);
