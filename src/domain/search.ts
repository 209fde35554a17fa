// Finding a place by what a resident types: a name or a part of it, a building's code, its full
// pinyin or its pinyin initials (赵村: "zhaocun", "zc"), in any mix of full-width and half-width
// characters, with or without spaces. Pure: the pinyin of each name is worked out by the caller
// (a library made for it) and given here as syllables.

export type SearchKind = 'district' | 'village' | 'project' | 'batch' | 'building';

/** One place that can be found, with the forms of its own name and of the names of what it lies in. */
export interface SearchEntry {
  kind: SearchKind;
  id: number;
  /** Its own name in every form it can be typed in (nameKeys). */
  keys: readonly string[];
  /** The same for each place it lies in (its batch, project, village, district). */
  parentKeys: readonly string[];
}

/** The longest query read, in characters, and the most words of it; the rest is ignored. */
export const MAX_QUERY_CHARS = 100;
export const MAX_QUERY_TOKENS = 6;

/** NFKC (full-width letters and digits become half-width), lower case, without spaces, punctuation or control characters (NUL among them). */
export function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}\p{C}]+/gu, '');
}

/** The words of a query: split on spaces and punctuation (，、·/), each normalised; empty when nothing is left. */
export function queryTokens(q: string): string[] {
  return q.slice(0, MAX_QUERY_CHARS).normalize('NFKC').split(/[\s\p{P}\p{S}\p{C}]+/u).map(normalise).filter((t) => t !== '').slice(0, MAX_QUERY_TOKENS);
}

/**
 * The forms a name can be typed in: itself, its full pinyin and its pinyin initials (from the
 * syllables of its Chinese characters; a syllable that is not pinyin, such as a digit, is kept as
 * it is in both), and its English name. Empty forms are left out, each form once.
 */
export function nameKeys(nameZh: string, syllables: readonly string[], nameEn: string | null = null): string[] {
  const parts = syllables.map(normalise).filter((s) => s !== '');
  const full = parts.join('');
  const initials = parts.map((s) => (/^[a-z]+$/.test(s) ? s[0] : s)).join('');
  return [...new Set([normalise(nameZh), full, initials, nameEn === null ? '' : normalise(nameEn)].filter((k) => k !== ''))];
}

/** How well one word fits a set of forms: 3 the whole form, 2 its beginning, 1 inside it, 0 not at all. */
function fit(token: string, keys: readonly string[]): number {
  let best = 0;
  for (const k of keys) {
    if (k === token) return 3;
    if (k.startsWith(token)) best = Math.max(best, 2);
    else if (best === 0 && k.includes(token)) best = 1;
  }
  return best;
}

/**
 * Whether an entry answers a query, and how well (higher is better); null when it does not. Every
 * word must be found in the entry's own name or in the name of a place it lies in, and at least one
 * in its own name: "赵村 第一批" finds 赵村's first batch, not every batch of 赵村 (those are on its pages).
 */
export function matchScore(tokens: readonly string[], entry: SearchEntry): number | null {
  if (tokens.length === 0) return null;
  let own = 0;
  for (const t of tokens) {
    const f = fit(t, entry.keys);
    if (f > 0) own += f;
    else if (fit(t, entry.parentKeys) === 0) return null;
  }
  return own > 0 ? own : null;
}

/** The best of the entries of one kind, best first (a tie by the order given), at most `limit`, and how many matched in all. */
export function bestMatches<E extends SearchEntry>(tokens: readonly string[], entries: readonly E[], limit: number): { hits: E[]; total: number } {
  const scored: { e: E; score: number; i: number }[] = [];
  entries.forEach((e, i) => {
    const score = matchScore(tokens, e);
    if (score !== null) scored.push({ e, score, i });
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return { hits: scored.slice(0, limit).map((s) => s.e), total: scored.length };
}
