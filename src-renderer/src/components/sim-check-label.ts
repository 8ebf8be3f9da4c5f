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
