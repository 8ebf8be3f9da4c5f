import { z } from 'zod';

/**
 * User settings, persisted in SQLite (table `settings`, one row per top-level key).
 * Every field has a default so an empty database is a valid configuration; a policy file
 * may lock some of them (see core/policy).
 */
export const Settings = z.object({
  uiLanguage: z.enum(['system', 'pt-BR', 'en']).default('system'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  audio: z
    .object({
      micDevice: z.string().nullable().default(null),
      systemDevice: z.string().nullable().default(null),
      endOfSpeechMs: z.number().int().min(100).max(3000).default(500),
    })
    .default({ micDevice: null, systemDevice: null, endOfSpeechMs: 500 }),
  asr: z
    .object({
      engine: z.enum(['auto', 'whisper', 'pocketsphinx']).default('auto'),
      model: z.string().default('base'),
      language: z.enum(['auto', 'pt', 'en']).default('auto'),
    })
    .default({ engine: 'auto', model: 'base', language: 'auto' }),
  overlay: z
    .object({
      enabled: z.boolean().default(true),
      clickThrough: z.boolean().default(false),
      idleFadeSeconds: z.number().int().min(0).max(600).default(20),
    })
    .default({ enabled: true, clickThrough: false, idleFadeSeconds: 20 }),
  llm: z
    .object({
      enabled: z.boolean().default(false),
      baseUrl: z.string().default('http://127.0.0.1:11434/v1'),
      model: z.string().default('llama3.1'),
      timeoutMs: z.number().int().min(500).max(60_000).default(8000),
    })
    .default({ enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutMs: 8000 }),
  privacy: z
    .object({
      retentionDays: z.number().int().min(0).max(3650).default(0),
      consentReminder: z.boolean().default(true),
    })
    .default({ retentionDays: 0, consentReminder: true }),
  sync: z
    .object({
      serverUrl: z.string().default(''),
      enabled: z.boolean().default(false),
    })
    .default({ serverUrl: '', enabled: false }),
});
export type Settings = z.infer<typeof Settings>;

/** A partial update: top-level keys replace, nested objects merge one level deep. */
export const SettingsPatch = z.object({
  uiLanguage: Settings.shape.uiLanguage.unwrap().optional(),
  theme: Settings.shape.theme.unwrap().optional(),
  audio: Settings.shape.audio.unwrap().partial().optional(),
  asr: Settings.shape.asr.unwrap().partial().optional(),
  overlay: Settings.shape.overlay.unwrap().partial().optional(),
  llm: Settings.shape.llm.unwrap().partial().optional(),
  privacy: Settings.shape.privacy.unwrap().partial().optional(),
  sync: Settings.shape.sync.unwrap().partial().optional(),
}).strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings = (): Settings => Settings.parse({});
