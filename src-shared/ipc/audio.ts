import { z } from 'zod';
import { Notice } from '../notice';

/**
 * Audio capture contract: the input devices Settings offers for the mic (the rep) and system
 * audio (the customer). Level and health events of a running call are `live.level` /
 * `live.health` (src-shared/ipc/live.ts), fed by the audio pipeline's onLevel/onHealth.
 */
const CaptureDevice = z.object({
  /** The device name; stored in settings.audio.micDevice / systemDevice. */
  id: z.string(),
  /** English (the CLI's): "name (default) · host API"; a UI builds its own from name, isDefault and hostApi. */
  label: z.string(),
  hostApi: z.string(),
  isDefault: z.boolean(),
  sampleRate: z.number(),
});
export type CaptureDevice = z.infer<typeof CaptureDevice>;

export const DeviceLists = z.object({
  /** False when native capture cannot load (message says how to fix it). */
  available: z.boolean(),
  message: z.string().nullable(),
  /** The message in a UI's own words (src-shared/notice.ts). */
  notice: Notice.nullable(),
  mic: z.array(CaptureDevice),
  system: z.array(CaptureDevice),
});
export type DeviceLists = z.infer<typeof DeviceLists>;

export const audioRequests = {
  'audio.devices': { request: z.object({}).strict(), response: DeviceLists },
} as const;

/**
 * The device id that means "system audio captured by the Electron app" (Windows loopback,
 * macOS 13+ screen-capture audio) rather than a capture device of the core.
 */
export const LOOPBACK_DEVICE = 'electron-loopback';

export const audioEvents = {
  /** The core wants (active) or no longer wants the app's system-audio capture. */
  'audio.loopback': z.object({ active: z.boolean() }),
} as const;
