import type { Handlers } from './dispatch';
import { listCaptureDevices } from '../audio/devices';

export const audioHandlers = {
  'audio.devices': () => listCaptureDevices(),
} satisfies Pick<Handlers, 'audio.devices'>;
