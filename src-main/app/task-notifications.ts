/**
 * The desktop notification when a follow-up task falls due (issue 15, point 4). The core's
 * reminder (core/calls/follow-up-tasks.ts startReminders) emits `tasks.due` once per due time;
 * the main process shows it with Electron's Notification, in the task's language (the e-mail
 * was drafted in the call's), and a click brings the main window up.
 * The Notification class is passed in, so the words and the decision are tested in Node.
 */
import type { EventPayload } from '../../src-shared/ipc';

type Due = EventPayload<'tasks.due'>;

/** What Electron's Notification needs of its constructor's options and instances (the part used here). */
export type NotificationLike = { show(): void; on(event: 'click', fn: () => void): unknown };
export type NotificationCtor = { new (options: { title: string; body: string; silent?: boolean }): NotificationLike; isSupported(): boolean };

const WORDS = {
  pt: { title: (n: number) => (n > 1 ? `${n} follow-ups para hoje` : 'Follow-up para hoje'), body: (t: string, more: number) => (more > 0 ? `${t} (e mais ${more})` : t) },
  en: { title: (n: number) => (n > 1 ? `${n} follow-ups due` : 'Follow-up due'), body: (t: string, more: number) => (more > 0 ? `${t} (and ${more} more)` : t) },
} as const;

/** The notification's words: the task's title, and how many are due now. */
export function taskNotification(e: Due, fallback: 'pt' | 'en' = 'en'): { title: string; body: string } {
  const w = WORDS[e.language ?? fallback];
  return { title: w.title(e.due), body: w.body(e.title, Math.max(0, e.due - 1)) };
}

/** Shows it (when the OS supports notifications); a click calls `open`. Returns whether one was shown. */
export function notifyTaskDue(Notification: NotificationCtor, e: Due, o: { fallback?: 'pt' | 'en'; open(): void }): boolean {
  if (!Notification.isSupported()) return false;
  const n = new Notification(taskNotification(e, o.fallback));
  n.on('click', o.open);
  n.show();
  return true;
}
