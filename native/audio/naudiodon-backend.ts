/**
 * Microphone / monitor capture through naudiodon (PortAudio). The addon is loaded lazily, on
 * first use, so a missing or broken build (wrong Electron ABI, no ALSA) is one clear error
 * for audio capture and nothing else in the app notices.
 */
import { createRequire } from 'node:module';
import { quietNative } from './quiet-native';
import { oneLine } from '../../src-shared/errors';

export type CaptureDevice = {
  id: number;
  name: string;
  hostApi: string;
  maxInputChannels: number;
  defaultSampleRate: number;
  /** The host API's default input device. */
  isDefault: boolean;
};

export type CaptureStream = { close(): Promise<void> };

export type CaptureBackend = {
  listDevices(): CaptureDevice[];
  /** Opens a mono Float32 input; `data` gets samples at `sampleRate`, `error` a fatal stream error. */
  open(device: CaptureDevice, options: { sampleRate: number; framesPerBuffer: number }, on: { data(samples: Float32Array): void; error(err: Error): void }): CaptureStream;
};

/** Thrown when the native addon cannot be loaded; the message says how to fix it. */
export class NativeAudioUnavailable extends Error {
  constructor(reason: string) {
    super(`audio capture is unavailable (naudiodon: ${reason}); run \`npm run rebuild:node\` (CLI) or \`npm start\` (app), or replay files instead`);
    this.name = 'NativeAudioUnavailable';
  }
}

type RawDevice = { id: number; name: string; maxInputChannels: number; defaultSampleRate: number; hostAPIName: string };
type HostApis = { defaultHostAPI: number; HostAPIs: { id: number; name: string; defaultInput: number }[] };
type AudioIO = NodeJS.ReadableStream & { start(): void; quit(cb?: () => void): void; on(ev: string, fn: (...a: unknown[]) => void): AudioIO };
type Naudiodon = {
  getDevices(): RawDevice[];
  getHostAPIs(): HostApis;
  SampleFormatFloat32: number;
  AudioIO: new (o: { inOptions: Record<string, unknown> }) => AudioIO;
};

let loaded: Naudiodon | undefined;
let loadError: NativeAudioUnavailable | undefined;

function loadNaudiodon(): Naudiodon {
  if (loaded) return loaded;
  if (loadError) throw loadError;
  try {
    const require = createRequire(import.meta.url);
    loaded = quietNative(() => require('naudiodon') as Naudiodon);
    return loaded;
  } catch (err) {
    loadError = new NativeAudioUnavailable(oneLine(err));
    throw loadError;
  }
}

export function naudiodonBackend(): CaptureBackend {
  const pa = loadNaudiodon();
  return {
    // Every call into PortAudio runs quietNative: ALSA prints its probing to fd 2, PortAudio to fd 1.
    listDevices() {
      return quietNative(() => {
        const apis = pa.getHostAPIs();
        const defaults = new Set(apis.HostAPIs.map((h) => h.defaultInput));
        const defaultApi = apis.HostAPIs.find((h) => h.id === apis.defaultHostAPI);
        return pa
          .getDevices()
          .filter((d) => d.maxInputChannels > 0)
          .map((d) => ({
            id: d.id,
            name: d.name,
            hostApi: d.hostAPIName,
            maxInputChannels: d.maxInputChannels,
            defaultSampleRate: d.defaultSampleRate,
            isDefault: defaultApi ? defaultApi.defaultInput === d.id : defaults.has(d.id),
          }));
      });
    },
    open(device, options, on) {
      const io = quietNative(
        () =>
          new pa.AudioIO({
            inOptions: { channelCount: 1, sampleFormat: pa.SampleFormatFloat32, sampleRate: options.sampleRate, deviceId: device.id, closeOnError: true, framesPerBuffer: options.framesPerBuffer, maxQueue: 8 },
          }),
      );
      io.on('data', (chunk: unknown) => {
        const buf = chunk as Buffer;
        // Copy: the addon's buffers are not guaranteed 4-byte aligned for a Float32Array view.
        const samples = new Float32Array(buf.length >> 2);
        new Uint8Array(samples.buffer).set(buf.subarray(0, samples.length << 2));
        on.data(samples);
      });
      io.on('error', (err: unknown) => on.error(err instanceof Error ? err : new Error(String(err))));
      quietNative(() => io.start());
      let closed = false;
      return {
        close: () =>
          new Promise<void>((resolve) => {
            if (closed) return resolve();
            closed = true;
            const timer = setTimeout(resolve, 2000); // a wedged driver must not hang the call's end
            quietNative(() =>
              io.quit(() => {
                clearTimeout(timer);
                resolve();
              }),
            );
          }),
      };
    },
  };
}

/** Input devices for Settings; throws NativeAudioUnavailable when the addon cannot load. */
export function listDevices(): CaptureDevice[] {
  return naudiodonBackend().listDevices();
}
