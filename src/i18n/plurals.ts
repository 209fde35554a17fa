// English needs a singular where Chinese has one form ("1 building", "2 buildings"). i18next picks
// `key_one` for a count of 1 in English and falls back to `key` otherwise (and always in Chinese,
// which has no plural forms), so the English dictionary may add `key_one` beside any string.
export type WithPlurals<T> = {
  [K in keyof T]: T[K] extends string ? string : WithPlurals<T[K]>;
} & {
  [K in keyof T as T[K] extends string ? `${K & string}_one` : never]?: string;
};
