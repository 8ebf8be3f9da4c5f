import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n, TFunction } from 'i18next';
import { parseDefaultTitle } from '../../../src-shared/call-title';
import type { Notice } from '../../../src-shared/notice';
import type { AsrBackendInfo } from '../../../src-shared/ipc/app';

/**
 * What the core says, in the UI's language: notices (src-shared/notice.ts) from the catalogue's
 * `notice.*`, the English line only when the catalogue has no such key; plus the few values the
 * core sends as parts (default call titles, device names, latencies, the ASR backend).
 */
function uiText(t: TFunction, i18n: I18n) {
  const lang = i18n.language;
  const seconds = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const notice = (n: Notice | null | undefined, fallback: string | null | undefined): string => {
    if (n && i18n.exists(`notice.${n.key}`)) return t(`notice.${n.key}`, n.params);
    return fallback ?? '';
  };
  return {
    notice,
    /** A rejected request (CoreRequestError, or anything with a message). */
    error: (err: unknown): string => {
      const e = err as { message?: unknown; notice?: Notice } | null;
      return notice(e?.notice, typeof e?.message === 'string' ? e.message : String(err));
    },
    /** How long after the customer stopped a hint appeared: "0.4 s after they stopped", or "before they finished". */
    latency: (ms: number): string => (ms <= 0 ? t('live.beforeEnd') : t('live.latency', { seconds: seconds.format(ms / 1000) })),
    /** A call's title: a default one ("Replayed call 2025-03-31 14:05") in this language and date format, at `startedAt` when known. */
    callTitle: (title: string | null | undefined, startedAt?: number): string => {
      if (!title) return '';
      const parsed = parseDefaultTitle(title);
      if (!parsed) return title;
      const when = new Date(startedAt ?? parsed.at).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' });
      return t(`calls.defaultTitle.${parsed.kind}`, { when });
    },
    /** A capture device as the pickers list it: "name (default) · ALSA". */
    device: (d: { id: string; label: string; hostApi?: string; isDefault?: boolean }): string =>
      d.hostApi === undefined ? d.label : t(d.isDefault ? 'audio.deviceDefault' : 'audio.device', { name: d.id, host: d.hostApi }),
    /** The ASR backend line of Settings. */
    asrBackend: (asr: AsrBackendInfo | undefined, fallback: string | undefined): string => {
      if (!asr) return fallback ?? '—';
      const engine = asr.script === 'reference' ? t('settings.asrBackend_reference') : asr.engine === null ? t('settings.asrBackend_none') : asr.script === 'whisper-script' ? t('settings.asrBackend_script', { engine: asr.engine }) : asr.engine;
      return asr.whisperReady ? `${engine}; ${t('settings.asrBackend_whisperReady', asr.whisperReady)}` : engine;
    },
  };
}

type UiText = ReturnType<typeof uiText>;

export function useUiText(): UiText {
  const { t, i18n } = useTranslation();
  // i18n.language in the deps: a language switch rebuilds the formatters.
  return useMemo(() => uiText(t, i18n), [t, i18n, i18n.language]);
}
