/**
 * Lesson Markdown → a list of segments LessonView renders in order: HTML
 * chunks (through `{@html}`), widget placeholders (through the widget
 * registry) and authoring problems (a translated error box).
 *
 * Pure and DOM-free so it runs under vitest in Node. It knows nothing about
 * the widget registry: whether a widget name exists is LessonView's question.
 *
 * @example
 * renderLessonMarkdown('Hi $x$\n\n::widget{name="job-demo" seed="3"}', { dir: '01-welcome', translate: (k) => k })
 * // → [{ kind: 'html', html: '<p>Hi <span class="katex">…</span></p>\n', key: 'h0' },
 * //    { kind: 'widget', name: 'job-demo', attrs: { seed: '3' }, key: 'w1:job-demo' }]
 */
import markedKatex from 'marked-katex-extension';
import { Marked, Renderer, type MarkedExtension, type Token, type Tokens } from 'marked';

export type LessonSegment =
  | { kind: 'html'; key: string; html: string }
  | { kind: 'widget'; key: string; name: string; attrs: Record<string, string> }
  | { kind: 'problem'; key: string; messageKey: string; params: Record<string, string> };

export interface RenderOptions {
  /** The lesson's folder under lessons/ (LessonContent.dir); relative image and link paths resolve against it. */
  dir: string;
  /** Translates the few labels the HTML itself carries (callout titles, the "opens outside the app" hint). */
  translate: (key: string) => string;
}

export const CALLOUT_KINDS = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

// ---------------------------------------------------------------------------
// Widget tags: `::widget{name="job-demo" samples="2000000"}` alone on a line
// ---------------------------------------------------------------------------

interface WidgetToken extends Tokens.Generic {
  type: 'widget';
  raw: string;
  name: string | null;
  attrs: Record<string, string>;
  /** Set when the tag could not be read; the i18n key of the problem. */
  problem: string | null;
}

const WIDGET_LINE = /^::widget\{([^\n]*)\}[ \t]*(?:\n+|$)/;
const WIDGET_START = /^::widget\{/m;
const ATTRIBUTE = /\s*([A-Za-z][\w-]*)\s*=\s*"([^"\n]*)"/y;

/** Reads `name="x" key="value" …`; returns null when anything but such pairs is present. */
export function parseWidgetAttributes(source: string): Record<string, string> | null {
  const attrs: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    if (source.slice(position).trim() === '') break;
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(source);
    if (!match) return null;
    const [, key = '', value = ''] = match;
    if (Object.hasOwn(attrs, key)) return null;
    attrs[key] = value;
    position = ATTRIBUTE.lastIndex;
  }
  return attrs;
}

function widgetTokenFrom(raw: string, inner: string): WidgetToken {
  const parsed = parseWidgetAttributes(inner);
  if (!parsed) return { type: 'widget', raw, name: null, attrs: {}, problem: 'lesson.widget.syntax' };
  const { name, ...attrs } = parsed;
  if (!name) return { type: 'widget', raw, name: null, attrs, problem: 'lesson.widget.nameMissing' };
  return { type: 'widget', raw, name, attrs, problem: null };
}

const widgetExtension: MarkedExtension = {
  extensions: [
    {
      name: 'widget',
      level: 'block',
      // Lets a tag directly under a paragraph line end that paragraph instead of being swallowed by it.
      start: (src: string) => WIDGET_START.exec(src)?.index,
      tokenizer(src: string): WidgetToken | undefined {
        const match = WIDGET_LINE.exec(src);
        return match ? widgetTokenFrom(match[0], match[1] ?? '') : undefined;
      },
      // Widgets are not HTML: top-level ones become their own segment; nested ones are reported.
      renderer: () => '',
    },
  ],
};

function isWidgetToken(token: Token): token is WidgetToken {
  return token.type === 'widget';
}

/** Widget tags inside lists, quotes or tables cannot become components between HTML chunks; find them to report. */
function nestedWidgets(token: Token): WidgetToken[] {
  const found: WidgetToken[] = [];
  const visit = (t: Token): void => {
    if (isWidgetToken(t)) found.push(t);
    const children: Token[] = [];
    if ('tokens' in t && Array.isArray(t.tokens)) children.push(...(t.tokens as Token[]));
    if (t.type === 'list') for (const item of (t as Tokens.List).items) children.push(item);
    children.forEach(visit);
  };
  if (!isWidgetToken(token)) visit(token);
  return found;
}

// ---------------------------------------------------------------------------
// Paths and links
// ---------------------------------------------------------------------------

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const ORIGIN = 'http://lesson.invalid';

/**
 * Resolves a path written in a lesson against `lessons/<dir>/`, relative to
 * the page (both hosts serve the lessons folder there). Returns null for
 * anything that is not a plain relative path or that climbs out of lessons/.
 *
 * @example resolveLessonPath('01-welcome', 'assets/a.png') // → 'lessons/01-welcome/assets/a.png'
 */
export function resolveLessonPath(dir: string, path: string): string | null {
  const trimmed = path.trim();
  if (trimmed === '' || SCHEME.test(trimmed) || trimmed.startsWith('//') || trimmed.startsWith('/') || trimmed.startsWith('\\')) return null;
  let url: URL;
  try {
    url = new URL(trimmed, `${ORIGIN}/lessons/${encodeURIComponent(dir)}/`);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN || !url.pathname.startsWith('/lessons/') || url.pathname === '/lessons/') return null;
  return `${url.pathname.slice(1)}${url.search}${url.hash}`;
}

export type LinkKind = 'anchor' | 'external' | 'asset' | 'blocked';

/** Decides what a lesson link may do: scroll within the step, open outside the app, fetch a lesson file, or nothing. */
export function classifyLink(href: string): LinkKind {
  const trimmed = href.trim();
  if (trimmed.startsWith('#')) return 'anchor';
  if (/^https?:\/\/[^/\s]/i.test(trimmed)) return 'external';
  if (SCHEME.test(trimmed) || trimmed.startsWith('//')) return 'blocked';
  return 'asset';
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Heading id from its source text: lower case, letters (any script, so
 * Chinese headings keep their characters) and digits, words joined by dashes.
 *
 * @example slugify('Estimating $\\pi$: Monte Carlo') // → 'estimating-pi-monte-carlo'
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\\[a-z]+/g, (command) => command.slice(1))
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .trim()
    .replace(/[\s-]+/g, '-');
  return slug || 'section';
}

/** What a reader sees of inline tokens: link text without URLs, maths as its TeX source, no tags. */
export function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token): string => {
      if (token.type === 'html') return '';
      if ('tokens' in token && Array.isArray(token.tokens) && token.type !== 'codespan') return plainText(token.tokens as Token[]);
      return 'text' in token && typeof token.text === 'string' ? token.text : '';
    })
    .join('');
}

// ---------------------------------------------------------------------------
// Raw HTML
// ---------------------------------------------------------------------------

/**
 * Lessons ship with the app and the CSP already blocks inline script, but a
 * lesson is data and data should not carry code: raw HTML is shown as text,
 * except a handful of attribute-free inline tags (no attributes means no
 * `on*=` handlers, `style` or `javascript:` URLs can ride along). HTML
 * comments are dropped so authors can leave notes in the Markdown.
 */
const ALLOWED_TAG = /^<\/?(kbd|sub|sup|mark|small|abbr|b|i|u|s|em|strong|del|ins|br|wbr)\s*\/?>$/i;
const COMMENT = /^\s*<!--[\s\S]*?-->\s*$/;

export function sanitizeRawHtml(text: string, block: boolean): string {
  if (COMMENT.test(text)) return '';
  if (ALLOWED_TAG.test(text.trim())) return text.trim().toLowerCase();
  const escaped = escapeHtml(text);
  return block ? `<p class="lesson-raw-html">${escaped.trim()}</p>\n` : escaped;
}

// ---------------------------------------------------------------------------
// Emphasis in Chinese: CommonMark's flanking rules assume spaces around words.
// `**非极大值抑制（NMS）**就是` ends bold after a full-width bracket and before a
// Han character, which CommonMark refuses, so the reader sees the asterisks.
// ---------------------------------------------------------------------------

/** `**…**` or `*…*` on one line, no asterisk inside, no space just inside the delimiters. */
const EMPHASIS_RUN = /^(\*\*|\*)(?![\s*])([^*\n]*?[^\s*])\1(?!\*)/;

const cjkEmphasisExtension: MarkedExtension = {
  extensions: [
    {
      name: 'cjkEmphasis',
      level: 'inline',
      start: (src: string) => {
        const at = src.indexOf('*');
        return at < 0 ? undefined : at;
      },
      tokenizer(src: string): Tokens.Strong | Tokens.Em | undefined {
        const match = EMPHASIS_RUN.exec(src);
        // Only runs with Chinese in them: everything else keeps CommonMark's rules exactly.
        if (!match || !HAS_CJK.test(match[2]!)) return undefined;
        const [raw, delimiter, text = ''] = match;
        return { type: delimiter === '**' ? 'strong' : 'em', raw, text, tokens: this.lexer.inlineTokens(text) };
      },
    },
  ],
};

// ---------------------------------------------------------------------------
// The renderer
// ---------------------------------------------------------------------------

const CALLOUT_MARKER = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)/i;

function createMarked(options: RenderOptions): Marked {
  const { dir, translate } = options;
  const usedIds = new Map<string, number>();
  const base = new Renderer();
  const marked = new Marked();

  const uniqueId = (text: string): string => {
    const slug = slugify(text);
    const count = usedIds.get(slug) ?? 0;
    usedIds.set(slug, count + 1);
    return count === 0 ? slug : `${slug}-${count + 1}`;
  };

  marked.use(
    // nonStandard: Chinese sentences put maths right against characters (约为$\pi$的值) without spaces;
    // a literal dollar sign is written \$. throwOnError: false shows a bad formula in red instead of losing the step.
    markedKatex({ throwOnError: false, nonStandard: true, output: 'htmlAndMathml' }),
    widgetExtension,
    cjkEmphasisExtension,
    {
      gfm: true,
      renderer: {
        heading(token: Tokens.Heading): string {
          // The page already has the lesson title (h1) and the step title (h2): body sections nest below them.
          const depth = Math.min(6, Math.max(3, token.depth + 1));
          const id = uniqueId(plainText(token.tokens));
          return `<h${depth} id="${escapeHtml(id)}">${this.parser.parseInline(token.tokens)}</h${depth}>\n`;
        },
        link(token: Tokens.Link): string {
          const text = this.parser.parseInline(token.tokens);
          const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
          switch (classifyLink(token.href)) {
            case 'anchor':
              return `<a href="${escapeHtml(token.href.trim())}" data-lesson-anchor${title}>${text}</a>`;
            case 'external':
              // LessonView intercepts the click and calls host.openExternal; the app itself never navigates away.
              return (
                `<a class="lesson-external-link" href="${escapeHtml(token.href.trim())}" data-lesson-external` +
                ` rel="noopener noreferrer" target="_blank"${title}>${text}` +
                `<span class="visually-hidden"> (${escapeHtml(translate('lesson.link.external'))})</span></a>`
              );
            case 'asset': {
              const resolved = resolveLessonPath(dir, token.href);
              // `download` keeps a click on a lesson file from replacing the app page.
              return resolved ? `<a href="${escapeHtml(resolved)}" download${title}>${text}</a>` : `<span class="lesson-link-blocked">${text}</span>`;
            }
            case 'blocked':
              return `<span class="lesson-link-blocked">${text}</span>`;
          }
        },
        image(token: Tokens.Image): string {
          const resolved = resolveLessonPath(dir, token.href);
          const alt = escapeHtml(token.text);
          if (!resolved) return `<span class="lesson-image-blocked">${alt}</span>`;
          const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
          return `<img src="${escapeHtml(resolved)}" alt="${alt}"${title} loading="lazy" decoding="async">`;
        },
        table(token: Tokens.Table): string {
          const html = base.table.call(this, token);
          return `<div class="lesson-table-scroll">${html.replace('<table>', '<table class="lesson-table">')}</div>\n`;
        },
        code(token: Tokens.Code): string {
          const lang = (token.lang ?? '').match(/^[\w+-]+/)?.[0];
          const langClass = lang ? ` class="language-${escapeHtml(lang)}"` : '';
          const text = token.escaped ? token.text : escapeHtml(token.text);
          return `<pre class="lesson-code"><code${langClass}>${text}</code></pre>\n`;
        },
        html(token: Tokens.HTML | Tokens.Tag): string {
          return sanitizeRawHtml(token.text, token.type === 'html' && 'block' in token && token.block === true);
        },
        blockquote(token: Tokens.Blockquote): string {
          const marker = CALLOUT_MARKER.exec(token.text);
          if (!marker) return `<blockquote>\n${this.parser.parse(token.tokens)}</blockquote>\n`;
          const kind = (marker[1] ?? 'note').toLowerCase() as CalloutKind;
          const body = this.parser.parse(marked.lexer(token.text.slice(marker[0].length)));
          return (
            `<aside class="lesson-callout lesson-callout-${kind}" role="note">` +
            `<p class="lesson-callout-title">${escapeHtml(translate(`lesson.callout.${kind}`))}</p>\n${body}</aside>\n`
          );
        },
      },
    },
  );
  return marked;
}

// Han characters and the full-width punctuation that sits between them.
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201d\\u2026';
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');
const CJK_LINE_BREAK = new RegExp(`([${CJK}])\\n[ \\t]*(?=[${CJK}])`, 'gu');

/**
 * Chinese text wraps in the source at any character, and a browser renders a
 * soft line break as a space ("像素， 最多"); written Chinese has no spaces, so
 * a break between two CJK characters is removed. Fenced code is left alone.
 *
 * @example joinCjkLineBreaks('像素，\n  最多') // → '像素，最多'
 */
export function joinCjkLineBreaks(markdown: string): string {
  return markdown
    .split(/(^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$)/m)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(CJK_LINE_BREAK, '$1')))
    .join('');
}

/** Turns one step's Markdown into segments. Never throws on bad content: problems become `problem` segments. */
export function renderLessonMarkdown(markdown: string, options: RenderOptions): LessonSegment[] {
  const marked = createMarked(options);
  const tokens = marked.lexer(joinCjkLineBreaks(markdown));
  const segments: LessonSegment[] = [];
  let pending: Token[] = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    // Link definitions are collected by the lexer on the token list; every chunk needs them to resolve [text][ref].
    const chunk = Object.assign([...pending], { links: tokens.links });
    const html = marked.parser(chunk);
    if (html.trim() !== '') segments.push({ kind: 'html', key: `h${segments.length}`, html });
    pending = [];
  };

  for (const token of tokens) {
    if (isWidgetToken(token)) {
      flush();
      if (token.problem || !token.name) {
        segments.push({
          kind: 'problem',
          key: `p${segments.length}`,
          messageKey: token.problem ?? 'lesson.widget.syntax',
          params: { tag: token.raw.trim() },
        });
      } else {
        segments.push({ kind: 'widget', key: `w${segments.length}:${token.name}`, name: token.name, attrs: token.attrs });
      }
      continue;
    }
    pending.push(token);
    const nested = nestedWidgets(token);
    if (nested.length > 0) {
      flush();
      for (const widget of nested) {
        segments.push({ kind: 'problem', key: `p${segments.length}`, messageKey: 'lesson.widget.nested', params: { tag: widget.raw.trim() } });
      }
    }
  }
  flush();
  return segments;
}
