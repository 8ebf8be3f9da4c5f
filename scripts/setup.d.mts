/** Types of scripts/setup.mjs for TypeScript callers (tests). */
export function installEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
