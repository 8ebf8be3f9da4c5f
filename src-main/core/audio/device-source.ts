/**
 * Live capture from sound devices (naudiodon / PortAudio): the rep's microphone and, where
 * the OS exposes it as an input (PulseAudio/PipeWire "Monitor of ..." sources, a loopback
 * driver), system audio. A device that vanishes (unplugged headset, Bluetooth drop, driver
 * error, or a stream that simply stops delivering) is reported, polled for, and re-opened
 * when it returns; the call goes on and the gap is silence in stream time.
 */
import { CoreError, oneLine } from '../../../src-shared/errors';
import { naudiodonBackend, NativeAudioUnavailable, type CaptureBackend, type CaptureDevice, type CaptureStream } from '../../../native/audio/naudiodon-backend';
import { LOOPBACK } from './devices';
import { createFrameQueue } from './frame-queue';
import { sleep } from './pcm-source';
import { createStreamResampler, type StreamResampler } from './resample';
import { SAMPLE_RATE, type AudioSource, type Channel, type HealthEvent, type HealthReporting } from './types';

type DeviceChoice = {
  /**
   * Device name as listed (Settings stores names: ids change between boots). null = the default
   * input for the mic, and the first loopback/monitor input for system audio (never the default
   * input: that is the mic, and the echo suppressor would then drop every word the rep says).
   */
  device: string | null;
};

type DeviceSourceOptions = {
  mic?: DeviceChoice;
  system?: DeviceChoice;
  /** For tests; naudiodon otherwise. */
  backend?: CaptureBackend;
  /** How often to look for a lost device. */
  pollMs?: number;
  /** No data for this long = the device is gone. */
  stallMs?: number;
  /** Real time at which stream time 0 is (performance.now() clock). */
  startedAt?: number;
};

const LABEL: Record<Channel, string> = { mic: 'Microphone', system: 'System audio device' };

export function findDevice(devices: CaptureDevice[], choice: DeviceChoice, channel: Channel = 'mic'): CaptureDevice | undefined {
  if (choice.device !== null) return devices.find((d) => d.name === choice.device);
  if (channel === 'system') return devices.find((d) => LOOPBACK.test(d.name));
  return devices.find((d) => d.isDefault) ?? devices[0];
}

export function createDeviceSource(options: DeviceSourceOptions): AudioSource & HealthReporting {
  const wanted = (['mic', 'system'] as const).filter((c) => options[c]);
  if (wanted.length === 0) throw new CoreError('bad_request', 'choose at least one capture device');
  let backend: CaptureBackend;
  try {
    backend = options.backend ?? naudiodonBackend();
  } catch (err) {
    throw new CoreError('unavailable', err instanceof NativeAudioUnavailable ? err.message : String(err));
  }
  const pollMs = options.pollMs ?? 1000;
  const stallMs = options.stallMs ?? 2000;
  const listeners = new Set<(e: HealthEvent) => void>();

  return {
    kind: 'device',
    channels: wanted,
    onHealth(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async *frames(signal) {
      const queue = createFrameQueue();
      const t0 = options.startedAt ?? performance.now();
      const nowMs = () => performance.now() - t0;
      const report = (channel: Channel, kind: HealthEvent['kind'], message: string) => {
        const at = nowMs();
        for (const l of listeners) l({ channel, kind, atMs: at, sinceMs: at, message });
      };

      const runChannel = async (channel: Channel, choice: DeviceChoice) => {
        let lostReported = false;
        const label = `${LABEL[channel]} "${choice.device ?? (channel === 'system' ? 'any monitor/loopback input' : 'default')}"`;
        while (!signal.aborted) {
          let devices: CaptureDevice[] = [];
          try {
            devices = backend.listDevices();
          } catch {
            devices = [];
          }
          const device = findDevice(devices, choice, channel);
          if (!device) {
            if (!lostReported) report(channel, 'device-lost', `${label} is not available; waiting for it to come back.`);
            lostReported = true;
            await sleep(pollMs, signal);
            continue;
          }
          // One capture session: runs until the stream errors, stalls, or the call ends.
          const rate = Math.round(device.defaultSampleRate) || 48_000;
          let resampler: StreamResampler | undefined;
          let stream: CaptureStream | undefined;
          let failure: string | null = null;
          let lastData = performance.now();
          let base = nowMs();
          let count = 0;
          try {
            resampler = await createStreamResampler(rate);
            const r = resampler;
            stream = backend.open(device, { sampleRate: rate, framesPerBuffer: Math.round(rate / 50) }, {
              data: (samples) => {
                lastData = performance.now();
                const out = r.push(samples);
                if (out.length === 0) return;
                queue.push({ channel, samples: out, startMs: base + (count * 1000) / SAMPLE_RATE });
                count += out.length;
              },
              error: (err) => (failure ??= err.message.split('\n')[0] ?? 'stream error'),
            });
            base = nowMs();
            lastData = performance.now();
            if (lostReported) report(channel, 'device-restored', `${label} is back.`);
            lostReported = false;
            while (!signal.aborted && failure === null) {
              await sleep(Math.min(250, stallMs / 2), signal);
              if (performance.now() - lastData > stallMs) failure = `no audio for ${(stallMs / 1000).toFixed(1)} s`;
            }
          } catch (err) {
            failure = oneLine(err);
          } finally {
            await stream?.close().catch(() => undefined);
            resampler?.destroy();
          }
          if (signal.aborted) break;
          report(channel, 'device-lost', `${label} stopped (${failure}); re-opening it when it returns.`);
          lostReported = true;
          await sleep(pollMs, signal);
        }
      };

      const running = Promise.all(wanted.map((c) => runChannel(c, options[c]!))).finally(() => queue.end());
      try {
        yield* queue.iterate(signal);
      } finally {
        await running;
      }
    },
  };
}
