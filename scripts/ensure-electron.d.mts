/** Types of scripts/ensure-electron.mjs for TypeScript callers (tests). */
export function electronInstalled(electronDir?: string): boolean;
export function missingMessage(electronDir: string): string;
