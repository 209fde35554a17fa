// Small readers for the HTML the app renders, so integration tests can look at what a browser would.

/** Reverses the entity escaping EJS applies with `<%= %>` (& < > " '), `&amp;` last. */
export function decodeEntities(s: string): string {
  return s
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface ChartSpecJson {
  type: string;
  unit: string;
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
}

/** Every `data-chart="…"` attribute on the page, as the raw (still escaped) attribute text. */
export function rawChartAttributes(html: string): string[] {
  return [...html.matchAll(/<canvas\b[^>]*\sdata-chart="([^"]*)"/g)].map((m) => m[1]!);
}

/** Every chart spec on the page, decoded and parsed (throws if one is not valid JSON). */
export function chartSpecs(html: string): ChartSpecJson[] {
  return rawChartAttributes(html).map((raw) => JSON.parse(decodeEntities(raw)) as ChartSpecJson);
}

/** `lang` attribute of the <html> element. */
export function htmlLang(html: string): string | undefined {
  return /<html\s[^>]*\blang="([^"]*)"/.exec(html)?.[1];
}

/** Project ids in the order of the overview table's body rows. */
export function overviewProjectOrder(html: string): number[] {
  const tbody = /<table class="sortable[^"]*">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...tbody.matchAll(/<tr>[\s\S]*?href="\/projects\/(\d+)"/g)].map((m) => Number(m[1]));
}

/** The text inside <main>, tags stripped and whitespace collapsed: what a reader sees. */
export function mainText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';
  return decodeEntities(main.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Every <script> element: its attributes and its content. */
export function scriptElements(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map((m) => ({ attrs: m[1]!, body: m[2]! }));
}

/** Lines that look like a Node.js stack trace ("    at fn (file.ts:1:2)"). */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*at\s+\S/.test(l) || /\(\/?[^()\s]+\.(ts|js):\d+:\d+\)/.test(l));
}

/** Content-Security-Policy header as directive → sources. */
export function parseCsp(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

/**
 * The markup with every quoted attribute value emptied, so that text inside a value (escaped user
 * data such as `onerror=` in a name) is not mistaken for an attribute of the element.
 */
export function withoutAttributeValues(html: string): string {
  return html.replace(/="[^"]*"/g, '=""').replace(/='[^']*'/g, "=''");
}

/** Inline event-handler attributes (onclick=, onerror=…) actually present on elements. */
export function eventHandlerAttributes(html: string): string[] {
  return [...withoutAttributeValues(html).matchAll(/<[a-z][^>]*?\s(on[a-z]+)\s*=/gi)].map((m) => m[1]!);
}
