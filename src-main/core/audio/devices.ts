/**
 * The device lists Settings (and the Live page) offer. Devices are identified by name: PortAudio
 * ids change when a headset is plugged in. System audio on Linux is a PulseAudio/PipeWire
 * "Monitor of ..." input; on Windows/macOS a loopback driver (Stereo Mix, BlackHole) or the
 * Electron loopback capture (src-main/app/system-audio.ts).
 */
import { naudiodonBackend, NativeAudioUnavailable, type CaptureBackend, type CaptureDevice } from '../../../native/audio/naudiodon-backend';
import { notice, type Notice } from '../../../src-shared/notice';
import { oneLine } from '../../../src-shared/errors';

type DeviceEntry = { id: string; label: string; hostApi: string; isDefault: boolean; sampleRate: number };
/** `message` is the English line (CLI); `notice` the same for a UI's catalogue. */
type DeviceLists = { available: boolean; message: string | null; notice: Notice | null; mic: DeviceEntry[]; system: DeviceEntry[] };

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
    const detail = oneLine(err);
    if (err instanceof NativeAudioUnavailable) {
      const reason = /\(naudiodon: (.*?)\); run/.exec(err.message)?.[1] ?? detail;
      return { available: false, message: err.message, notice: notice('audio.unavailable', { reason }), mic: [], system: [] };
    }
    return { available: false, message: `could not list audio devices: ${detail}`, notice: notice('audio.listFailed', { detail }), mic: [], system: [] };
  }
  // Any input may be either channel; loopback-looking ones are offered first for system audio.
  const loopback = devices.filter((d) => LOOPBACK.test(d.name));
  const others = devices.filter((d) => !LOOPBACK.test(d.name));
  const problem = devices.length === 0 ? 'noDevices' : loopback.length === 0 ? 'noLoopback' : null;
  return {
    available: true,
    message: problem === 'noDevices' ? 'no audio input devices found' : problem === 'noLoopback' ? 'no loopback/monitor input found: system audio needs the Electron loopback capture or a loopback device' : null,
    notice: problem === 'noDevices' ? notice('audio.noDevices') : problem === 'noLoopback' ? notice('audio.noLoopback') : null,
    mic: [...others, ...loopback].map(entry),
    system: [...loopback, ...others].map(entry),
  };
}
