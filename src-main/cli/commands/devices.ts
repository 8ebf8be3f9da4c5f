import { CliError, type CommandModule } from '../program';
import { listCaptureDevices } from '../../core/audio/devices';

/** `salesedge devices`: the capture devices Settings offers (the native libraries' chatter stays hidden). */
export const devicesCommand: CommandModule = (program, ctx) => {
  program
    .command('devices')
    .description('list the audio input devices for the mic and system channels (as Settings shows them)')
    .action(() => {
      const lists = listCaptureDevices();
      if (ctx.globals().json) return ctx.printJson(lists);
      if (!lists.available) throw new CliError(lists.message ?? 'audio capture is unavailable');
      const lines = [`mic: ${lists.mic.length ? '' : '(none)'}`, ...lists.mic.map((d) => `  ${d.label}`), `system: ${lists.system.length ? '' : '(none)'}`, ...lists.system.map((d) => `  ${d.label}`)];
      if (lists.message) lines.push(lists.message);
      process.stdout.write(`${lines.map((l) => l.trimEnd()).join('\n')}\n`);
    });
};
