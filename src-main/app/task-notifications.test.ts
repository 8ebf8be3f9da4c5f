import { describe, expect, it } from 'vitest';
import { notifyTaskDue, taskNotification, type NotificationCtor } from './task-notifications';

const due = (over: Partial<Parameters<typeof taskNotification>[0]> = {}) => ({ taskId: 't1', title: 'Send the security questionnaire', dealId: 'd1', dueAt: 1, language: 'en' as const, due: 1, ...over });

describe('the desktop notification of a due follow-up', () => {
  it('in the task language, with how many are due', () => {
    expect(taskNotification(due())).toEqual({ title: 'Follow-up due', body: 'Send the security questionnaire' });
    expect(taskNotification(due({ due: 3 }))).toEqual({ title: '3 follow-ups due', body: 'Send the security questionnaire (and 2 more)' });
    expect(taskNotification(due({ language: 'pt', title: 'Enviar proposta', due: 2 }))).toEqual({ title: '2 follow-ups para hoje', body: 'Enviar proposta (e mais 1)' });
    expect(taskNotification(due({ language: null }), 'pt').title).toBe('Follow-up para hoje');
  });

  it('shown through the Notification class when supported; a click opens the app', () => {
    const shown: { title: string; body: string }[] = [];
    let click: (() => void) | null = null;
    let supported = true;
    const Fake = class {
      constructor(private readonly o: { title: string; body: string }) {}
      static isSupported = () => supported;
      show() {
        shown.push(this.o);
      }
      on(_e: 'click', fn: () => void) {
        click = fn;
        return this;
      }
    } as unknown as NotificationCtor;
    let opened = 0;
    expect(notifyTaskDue(Fake, due(), { open: () => opened++ })).toBe(true);
    expect(shown).toEqual([{ title: 'Follow-up due', body: 'Send the security questionnaire' }]);
    click!();
    expect(opened).toBe(1);
    supported = false;
    expect(notifyTaskDue(Fake, due(), { open: () => opened++ })).toBe(false);
    expect(shown).toHaveLength(1);
  });
});
