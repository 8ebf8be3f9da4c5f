/**
 * The device lists Settings (and the Live page) offer. Devices are identified by name: PortAudio
 * ids change when a headset is plugged in. System audio on Linux is a PulseAudio/PipeWire
 * "Monitor of ..." input; on Windows/macOS a loopback driver (Stereo Mix, BlackHole) or the
 * Electron loopback capture (src-main/app/system-audio.ts).
 */
import { naudiodonBackend, NativeAudioUnavailable, type CaptureBackend, type CaptureDevice } from '../../../native/audio/naudiodon-backend';

export type DeviceEntry = { id: string; label: string; hostApi: string; isDefault: boolean; sampleRate: number };
export type DeviceLists = { available: boolean; message: string | null; mic: DeviceEntry[]; system: DeviceEntry[] };

/** Inputs that carry what the computer plays (PulseAudio monitors, loopback drivers). */
export const LOOPBACK = /monitor|loopback|stereo mix|what u hear|blackhole|soundflower|wave out/i;

const entry = (d: CaptureDevice): DeviceEntry => ({
  id: d.name,
  label: `${d.name}${d.isDefault ? ' (default)' : ''} · ${d.hostApi}`,
  hostApi: d.hostApi,
  isDefault: d.isDefault,
  sampleRate: d.defaultSampleRate,
});

/** Never throws: an unusable addon is `available: false` with the fix in `message`. */
export function listCaptureDevices(backend?: () => CaptureBackend): DeviceLists {
  let devices: CaptureDevice[];
  try {
    devices = (backend ?? naudiodonBackend)().listDevices();
  } catch (err) {
    const message = err instanceof NativeAudioUnavailable ? err.message : `could not list audio devices: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    return { available: false, message, mic: [], system: [] };
  }
  // Any input may be either channel; loopback-looking ones are offered first for system audio.
  const loopback = devices.filter((d) => LOOPBACK.test(d.name));
  const others = devices.filter((d) => !LOOPBACK.test(d.name));
  return {
    available: true,
    message: devices.length === 0 ? 'no audio input devices found' : loopback.length === 0 ? 'no loopback/monitor input found: system audio needs the Electron loopback capture or a loopback device' : null,
    mic: [...others, ...loopback].map(entry),
    system: [...loopback, ...others].map(entry),
  };
}
