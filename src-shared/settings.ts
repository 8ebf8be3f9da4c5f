import { z } from 'zod';

/*
 * User settings, persisted in SQLite (table `settings`, one row per top-level key). Sections are
 * declared without per-field defaults so that a partial patch never fills in (and overwrites)
 * fields the user did not touch; defaults live in one object below.
 */
const Audio = z.object({
  micDevice: z.string().nullable(),
  systemDevice: z.string().nullable(),
  endOfSpeechMs: z.number().int().min(100).max(3000),
});
const Asr = z.object({
  engine: z.enum(['auto', 'whisper', 'pocketsphinx']),
  model: z.string().min(1),
  language: z.enum(['auto', 'pt', 'en']),
});
const Overlay = z.object({
  enabled: z.boolean(),
  clickThrough: z.boolean(),
  idleFadeSeconds: z.number().int().min(0).max(600),
});
const Llm = z.object({
  enabled: z.boolean(),
  baseUrl: z.string(),
  model: z.string(),
  timeoutMs: z.number().int().min(500).max(60_000),
});
const Privacy = z.object({
  retentionDays: z.number().int().min(0).max(3650),
  consentReminder: z.boolean(),
  /** The main window and the overlay are hidden from screen sharing and capture (setContentProtection). */
  screenCaptureProtection: z.boolean(),
});
const Sync = z.object({
  serverUrl: z.string(),
  enabled: z.boolean(),
});
/** electron-updater's channel names: `latest` is the stable release line. */
const Updates = z.object({
  channel: z.enum(['latest', 'beta', 'alpha']),
});

const sections = {
  uiLanguage: z.enum(['system', 'pt-BR', 'en']),
  theme: z.enum(['system', 'light', 'dark']),
  audio: Audio,
  asr: Asr,
  overlay: Overlay,
  llm: Llm,
  privacy: Privacy,
  sync: Sync,
  updates: Updates,
};

export const Settings = z.object(sections);
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  uiLanguage: 'system',
  theme: 'system',
  audio: { micDevice: null, systemDevice: null, endOfSpeechMs: 500 },
  asr: { engine: 'auto', model: 'base', language: 'auto' },
  overlay: { enabled: true, clickThrough: false, idleFadeSeconds: 20 },
  llm: { enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutMs: 8000 },
  privacy: { retentionDays: 0, consentReminder: true, screenCaptureProtection: true },
  sync: { serverUrl: '', enabled: false },
  updates: { channel: 'latest' },
};

export const defaultSettings = (): Settings => structuredClone(DEFAULT_SETTINGS);

/** A partial update: top-level keys replace, sections merge one level deep. */
export const SettingsPatch = z
  .object({
    uiLanguage: sections.uiLanguage.optional(),
    theme: sections.theme.optional(),
    audio: Audio.partial().strict().optional(),
    asr: Asr.partial().strict().optional(),
    overlay: Overlay.partial().strict().optional(),
    llm: Llm.partial().strict().optional(),
    privacy: Privacy.partial().strict().optional(),
    sync: Sync.partial().strict().optional(),
    updates: Updates.partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
