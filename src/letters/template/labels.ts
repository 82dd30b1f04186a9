// The words the letter prints around the codes, for the languages the bundled templates are in. A
// template in another language must give every one of them: an English label on a French letter is the
// mistake this tool exists to prevent.

import type { Labels } from "./settings.js";

const BUILT_IN: Readonly<Record<string, Labels>> = {
  en: {
    survey: "Survey",
    goTo: "Go to",
    accessCode: "Access code",
    returnCode: "Return code",
    returnCodeHint: "If you already started, the page may ask for your return code.",
    scan: "Or scan with your phone camera",
    replacement:
      "This letter replaces one we sent earlier. Your codes have not changed: the earlier letter still opens the same survey.",
    footer: "Record {{record_id}} · page {{page}} of {{pages}}",
    replacementCard: "Replacement card",
    replacementLabels: "Replacement labels at positions {{positions}}",
  },
  es: {
    survey: "Encuesta",
    goTo: "Vaya a",
    accessCode: "Código de acceso",
    returnCode: "Código de retorno",
    returnCodeHint: "Si ya comenzó, la página puede pedirle su código de retorno.",
    scan: "O escanee con la cámara de su teléfono",
    replacement:
      "Esta carta reemplaza una que le enviamos antes. Sus códigos no han cambiado: la carta anterior abre la misma encuesta.",
    footer: "Registro {{record_id}} · página {{page}} de {{pages}}",
    replacementCard: "Tarjeta de reemplazo",
    replacementLabels: "Etiquetas de reemplazo en las posiciones {{positions}}",
  },
};

/** The labels every template needs; the sheet layouts' own (SHEET_LABELS) only for the sheet that prints them. */
export const LABEL_NAMES: readonly (keyof Labels)[] = [
  "survey",
  "goTo",
  "accessCode",
  "returnCode",
  "returnCodeHint",
  "scan",
  "replacement",
  "footer",
];

/** The English labels: the example a message gives of a label a template lacks. */
export const ENGLISH_LABELS = BUILT_IN.en as Labels;

/** The label a card or label sheet prints when it holds replacements. */
export const SHEET_LABELS = { cards: "replacementCard", labels: "replacementLabels" } as const;

/** The labels for `language`: the template's own, then the built-in ones for its primary language. */
export function labelsFor(
  language: string,
  given: { readonly [K in keyof Labels]?: string | undefined },
): { labels: Labels; missing: (keyof Labels)[] } {
  const builtIn: Partial<Labels> = BUILT_IN[language.split("-")[0] ?? language] ?? {};
  const own = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const labels: Partial<Labels> = { ...builtIn, ...own };
  const missing = LABEL_NAMES.filter((k) => labels[k] === undefined);
  return { labels: labels as Labels, missing };
}
