import { useTranslation } from 'react-i18next';

/** A rubric check's words: "answered the objection about price", or its own line (Simulator page, call detail). */
export function useCheckLabel(): (id: string) => string {
  const { t } = useTranslation();
  return (id: string) => {
    const answered = /^objection\.(\w+)\.answered$/.exec(id);
    if (answered) return t('simulator.check.answered', { objection: t(`calls.objection.${answered[1]}`) });
    return t(`simulator.check.${id}`);
  };
}

/** The moment that decided a check: "your line 2: «…»", numbered among the rep's own lines (Simulator page, call detail). */
export function useCheckMoment(): (transcript: readonly { speaker: string; text: string }[], turn: number) => string {
  const { t } = useTranslation();
  return (transcript, turn) => {
    const n = transcript.slice(0, turn + 1).filter((l) => l.speaker === 'rep').length;
    return `${t('simulator.result.moment', { n })}: «${transcript[turn]?.text ?? ''}»`;
  };
}
