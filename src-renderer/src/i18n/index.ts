import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ptBR from './pt-BR.json';

export const UI_LANGUAGES = ['pt-BR', 'en'] as const;
type UiLanguage = (typeof UI_LANGUAGES)[number];

/** pt-BR when the OS/browser locale is Portuguese, English otherwise. */
function systemLanguage(locales: readonly string[] = navigator.languages ?? [navigator.language]): UiLanguage {
  return locales.some((l) => l.toLowerCase().startsWith('pt')) ? 'pt-BR' : 'en';
}

export function resolveLanguage(setting: 'system' | UiLanguage): UiLanguage {
  return setting === 'system' ? systemLanguage() : setting;
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'pt-BR': { translation: ptBR } },
  lng: systemLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export { i18next };
