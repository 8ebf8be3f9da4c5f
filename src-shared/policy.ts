import { z } from 'zod';
import { SettingsPatch } from './settings';

/**
 * The IT policy file (JSON), installed by IT next to the app. `settings` forces values, and each
 * forced setting is locked in the UI; `lock` locks more paths at their current value.
 */
export const Policy = z
  .object({
    version: z.literal(1),
    settings: SettingsPatch.optional(),
    lock: z.array(z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z]+)?$/)).default([]),
    /** When false, nothing leaves the laptop for an LLM or other cloud service. */
    allowCloud: z.boolean().default(true),
    /** Folder of Whisper models IT provides; used before any download. */
    modelsDir: z.string().optional(),
    /** Sync server the device must use. */
    syncServer: z.string().url().optional(),
    /** Silent auto-updates (electron-updater). */
    autoUpdate: z.boolean().default(true),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;
