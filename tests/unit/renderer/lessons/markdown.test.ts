import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../../electron/common/api.js';
import { getLesson } from '../../../../electron/engine/lessons/loader.js';
import {
  classifyLink,
  joinCjkLineBreaks,
  parseWidgetAttributes,
  renderLessonMarkdown,
  resolveLessonPath,
  sanitizeRawHtml,
  slugify,
  type LessonSegment,
} from '../../../../renderer/src/lessons/markdown.js';
import { ROOT } from '../../../support/paths.js';

const options = { dir: '01-welcome', translate: (key: string) => `«${key}»` };
const render = (markdown: string): LessonSegment[] => renderLessonMarkdown(markdown, options);
const html = (markdown: string): string =>
  render(markdown)
    .map((segment) => (segment.kind === 'html' ? segment.html : ''))
    .join('');

describe('widget tags', () => {
  it('split the step into HTML, a widget with its string attributes, and HTML again', () => {
    const segments = render('Before.\n\n::widget{name="job-demo" samples="2000000" seed="7"}\n\nAfter.');
    expect(segments.map((s) => s.kind)).toEqual(['html', 'widget', 'html']);
    expect(segments[1]).toMatchObject({ kind: 'widget', name: 'job-demo', attrs: { samples: '2000000', seed: '7' } });
    expect(segments[0]).toMatchObject({ html: '<p>Before.</p>\n' });
    expect(segments[2]).toMatchObject({ html: '<p>After.</p>\n' });
  });

  it('end a paragraph when the tag follows it without a blank line', () => {
    const segments = render('A line\n::widget{name="engine-check"}');
    expect(segments.map((s) => s.kind)).toEqual(['html', 'widget']);
    expect(segments[0]).toMatchObject({ html: '<p>A line</p>\n' });
  });

  it('give every segment a distinct key, so two widgets of one name keep their own state', () => {
    const segments = render('::widget{name="job-demo"}\n\n::widget{name="job-demo"}');
    expect(new Set(segments.map((s) => s.key)).size).toBe(2);
  });

  it('report unreadable, nameless and nested tags as problems instead of failing', () => {
    const segments = render('::widget{name="a" bad}\n\n::widget{seed="1"}\n\n- item\n\n  ::widget{name="job-demo"}\n');
    const problems = segments.filter((s) => s.kind === 'problem').map((s) => (s.kind === 'problem' ? s.messageKey : ''));
    expect(problems).toEqual(['lesson.widget.syntax', 'lesson.widget.nameMissing', 'lesson.widget.nested']);
    expect(segments.some((s) => s.kind === 'widget')).toBe(false);
  });

  it('leave a tag that is not alone on its line as text', () => {
    expect(render('see ::widget{name="x"} here').map((s) => s.kind)).toEqual(['html']);
  });

  it('parse attributes strictly', () => {
    expect(parseWidgetAttributes(' name="x"  k-2="a b" ')).toEqual({ name: 'x', 'k-2': 'a b' });
    expect(parseWidgetAttributes('')).toEqual({});
    expect(parseWidgetAttributes('name=x')).toBeNull();
    expect(parseWidgetAttributes('name="x" name="y"')).toBeNull();
    expect(parseWidgetAttributes('name="x" junk')).toBeNull();
  });
});

describe('Chinese line breaks', () => {
  it('joins a soft break between two CJK characters, indentation included, and nothing else', () => {
    expect(joinCjkLineBreaks('像素，\n  最多让分数')).toBe('像素，最多让分数');
    expect(joinCjkLineBreaks('照片：\n在纸上')).toBe('照片：在纸上');
    expect(joinCjkLineBreaks('a line\nanother')).toBe('a line\nanother');
    expect(joinCjkLineBreaks('模型 shapes-clip\n打分')).toBe('模型 shapes-clip\n打分');
    expect(joinCjkLineBreaks('段落一。\n\n段落二。')).toBe('段落一。\n\n段落二。');
    expect(joinCjkLineBreaks('- 第一项\n- 第二项')).toBe('- 第一项\n- 第二项');
  });

  it('leaves fenced code alone and renders a wrapped list item without a space', () => {
    expect(joinCjkLineBreaks('```\n中文\n代码\n```\n中文\n正文')).toBe('```\n中文\n代码\n```\n中文正文');
    expect(html('- 用内置模型时，像素，\n  最多让分数稍微变一点。')).toContain('像素，最多让分数');
  });
});

describe('Chinese emphasis', () => {
  it('closes bold after full-width punctuation and before a Han character, where CommonMark would not', () => {
    expect(html('**非极大值抑制（NMS）**就是清理步骤。')).toContain('<strong>非极大值抑制（NMS）</strong>就是');
    expect(html('两大类：*单阶段*检测器和**两阶段**检测器')).toContain('<em>单阶段</em>检测器和<strong>两阶段</strong>检测器');
    expect(html('保留得分为**局部最大值**的框，**抑制**其余的框')).toContain('<strong>局部最大值</strong>的框，<strong>抑制</strong>其余的框');
  });

  it('leaves English, spaced asterisks and maths to CommonMark', () => {
    expect(html('a **bold** word and 2 * 3 * 4')).toContain('a <strong>bold</strong> word and 2 * 3 * 4');
    expect(html('** 不是粗体 **')).toContain('** 不是粗体 **');
    expect(html('**约为$\\pi$的值**')).toMatch(/^<p><strong>约为<span class="katex">[\s\S]*<\/span>的值<\/strong><\/p>/);
  });
});

describe('maths', () => {
  it('renders inline and display KaTeX, also right against Chinese characters', () => {
    const out = html('约为$\\pi$的值\n\n$$\n\\pi \\approx 4 \\cdot \\frac{N_\\text{inside}}{N}\n$$\n');
    expect(out).toContain('class="katex"');
    expect(out).toContain('katex-display');
    expect(out).toContain('<annotation encoding="application/x-tex">\\pi</annotation>');
    expect(out).not.toContain('$');
  });

  it('keeps an escaped dollar as a dollar', () => {
    expect(html('costs \\$5')).toBe('<p>costs $5</p>\n');
  });

  it('shows a broken formula in place instead of throwing', () => {
    expect(html('$\\frac{1}{$')).toContain('katex-error');
  });
});

describe('links and images', () => {
  it('resolve relative paths under lessons/<dir>/ and refuse to leave the lessons folder', () => {
    expect(resolveLessonPath('01-welcome', 'assets/a.png')).toBe('lessons/01-welcome/assets/a.png');
    expect(resolveLessonPath('01-welcome', './assets/a b.png')).toBe('lessons/01-welcome/assets/a%20b.png');
    expect(resolveLessonPath('01-welcome', '../02-clip/assets/x.png')).toBe('lessons/02-clip/assets/x.png');
    expect(resolveLessonPath('01-welcome', '../../package.json')).toBeNull();
    expect(resolveLessonPath('01-welcome', '/etc/passwd')).toBeNull();
    expect(resolveLessonPath('01-welcome', 'https://example.com/a.png')).toBeNull();
    expect(resolveLessonPath('01-welcome', '//example.com/a.png')).toBeNull();
  });

  it('classify links by what they may do', () => {
    expect(classifyLink('https://onnxruntime.ai')).toBe('external');
    expect(classifyLink('#section')).toBe('anchor');
    expect(classifyLink('assets/table.csv')).toBe('asset');
    expect(classifyLink('javascript:alert(1)')).toBe('blocked');
    expect(classifyLink('JavaScript:alert(1)')).toBe('blocked');
    expect(classifyLink('data:text/html,x')).toBe('blocked');
    expect(classifyLink('//evil.example')).toBe('blocked');
  });

  it('mark external links for host.openExternal and never render a javascript: href', () => {
    const out = html('[a](https://example.com/x) [b](javascript:alert(1)) [c](#top)');
    expect(out).toContain('<a class="lesson-external-link" href="https://example.com/x" data-lesson-external');
    expect(out).toContain('«lesson.link.external»');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<span class="lesson-link-blocked">b</span>');
    expect(out).toContain('href="#top" data-lesson-anchor');
  });

  it('point images at the lesson folder and drop remote ones (the CSP would block them anyway)', () => {
    expect(html('![a cat](assets/cat.png)')).toContain('<img src="lessons/01-welcome/assets/cat.png" alt="a cat"');
    const remote = html('![remote](https://example.com/a.png)');
    expect(remote).not.toContain('<img');
    expect(remote).toContain('lesson-image-blocked');
  });
});

describe('structure', () => {
  it('gives headings unique ids (Chinese kept) and nests them under the page title and step title', () => {
    const out = html('## Setup\n\n## Setup\n\n### 执行提供程序\n\n# Top');
    expect(out).toContain('<h3 id="setup">Setup</h3>');
    expect(out).toContain('<h3 id="setup-2">Setup</h3>');
    expect(out).toContain('<h4 id="执行提供程序">');
    expect(out).toContain('<h3 id="top">');
  });

  it('takes heading ids from the visible text: link text without its URL, code, maths source', () => {
    const out = html('## A [link out](https://onnxruntime.ai/) with `code` and $\\pi$\n\n[up](#a-link-out-with-code-and-pi)');
    expect(out).toContain('<h3 id="a-link-out-with-code-and-pi">');
  });

  it('slugifies maths and punctuation away', () => {
    expect(slugify('Estimating $\\pi$: Monte Carlo!')).toBe('estimating-pi-monte-carlo');
    expect(slugify('???')).toBe('section');
  });

  it('wraps tables in a scroll box with a class', () => {
    const out = html('| a | b |\n| - | - |\n| 1 | 2 |');
    expect(out).toMatch(/^<div class="lesson-table-scroll"><table class="lesson-table">/);
  });

  it('escapes code blocks', () => {
    expect(html('```ts\nif (a < b) {}\n```')).toBe('<pre class="lesson-code"><code class="language-ts">if (a &lt; b) {}</code></pre>\n');
  });

  it('turns > [!NOTE] and friends into translated callouts, and leaves plain quotes alone', () => {
    const out = html('> [!WARNING]\n> Mind the **gap**.');
    expect(out).toContain('<aside class="lesson-callout lesson-callout-warning" role="note">');
    expect(out).toContain('«lesson.callout.warning»');
    expect(out).toContain('<strong>gap</strong>');
    expect(out).not.toContain('[!WARNING]');
    expect(html('> just a quote')).toBe('<blockquote>\n<p>just a quote</p>\n</blockquote>\n');
  });
});

describe('raw HTML', () => {
  it('is shown as text, so no script, handler or style can ride in a lesson', () => {
    const out = html('<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)"> and <a href="javascript:x">y</a>');
    expect(out).not.toMatch(/<script|<img|<a /);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('allows a few attribute-free inline tags and drops comments', () => {
    expect(html('Press <kbd>F5</kbd> or H<sub>2</sub>O')).toBe('<p>Press <kbd>F5</kbd> or H<sub>2</sub>O</p>\n');
    expect(sanitizeRawHtml('<kbd class="x">', false)).toBe('&lt;kbd class=&quot;x&quot;&gt;');
    expect(sanitizeRawHtml('<!-- a note for authors -->', true)).toBe('');
  });
});

describe('the shipped lessons', () => {
  it('render in both locales without problems, and every widget tag names a widget in registry.ts', async () => {
    // registry.ts imports .svelte files, which this Node test cannot load: read its names from the source.
    const registry = await readFile(join(ROOT, 'renderer/src/widgets/registry.ts'), 'utf8');
    const registered = new Set([...registry.matchAll(/^\s*'?([a-z0-9-]+)'?:\s*\{\s*component:/gm)].map((m) => m[1]));
    expect(registered.has('job-demo')).toBe(true);
    const lessonsRoot = join(ROOT, 'lessons');
    const dirs = (await readdir(lessonsRoot, { withFileTypes: true })).filter((d) => d.isDirectory() && /^\d{2}-/.test(d.name));
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) {
      const id = dir.name.slice(3);
      for (const locale of LOCALES) {
        const content = await getLesson(lessonsRoot, id, locale);
        for (const step of content.steps) {
          const segments = renderLessonMarkdown(step.markdown, { dir: content.dir, translate: (key) => key });
          const where = `${dir.name}/${step.id}/${locale}.md`;
          expect(
            segments.filter((s) => s.kind === 'problem'),
            where,
          ).toEqual([]);
          for (const segment of segments) {
            if (segment.kind === 'widget') expect(registered.has(segment.name), `${where}: widget "${segment.name}"`).toBe(true);
            if (segment.kind === 'html') {
              expect(segment.html, where).not.toMatch(/katex-error|lesson-raw-html|lesson-link-blocked|lesson-image-blocked/);
              // An asterisk left in the text is emphasis that did not parse (CommonMark's rules in Chinese).
              const text = segment.html.replace(/<(annotation|code)\b[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, '');
              expect(text, `${where}: literal asterisks`).not.toContain('*');
            }
          }
        }
      }
    }
  });
});
