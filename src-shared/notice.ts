import { z } from 'zod';

/**
 * What the core tells a person, as a catalogue key and its values, beside the English line the
 * CLI prints: a UI shows `notice.<key>` from its own catalogue (src-renderer/src/i18n) in the
 * user's language, and the English message when it has no such key.
 */
export const Notice = z.object({
  key: z.string().min(1).max(100),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type Notice = z.infer<typeof Notice>;

export const notice = (key: string, params: Record<string, string | number> = {}): Notice => ({ key, params });
