/**
 * Saves a screenshot of every step of every lesson in both languages under
 * test-results/screenshots/<project>/<locale>/, for people to look at. The
 * assertions are what a screenshot would show broken: the step's title and
 * body rendered, no unknown-widget box, no KaTeX error.
 */
import { join } from 'node:path';
import type { LessonIndex } from '../../electron/common/api';
import { expect, test } from './lab';

const LOCALES = ['en', 'zh-CN'] as const;
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

test('every lesson step renders in both languages (screenshots saved)', async ({ lab }, testInfo) => {
  test.setTimeout(180_000);
  const { page } = lab;
  // Tall enough that a whole step fits: the lesson scrolls inside its own pane, which a full-page shot would not capture.
  await page.setViewportSize({ width: 1280, height: 1800 });
  const listed = await lab.rawCall('lessons.list', {});
  if (!listed.ok) throw new Error(`lessons.list failed: ${listed.error.code}`);
  const index = listed.value as LessonIndex;
  expect(index.problems).toEqual([]);
  expect(index.lessons.length).toBeGreaterThan(0);

  for (const locale of LOCALES) {
    const changed = await lab.rawCall('settings.update', { patch: { locale } });
    expect(changed.ok).toBe(true);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    for (const lesson of index.lessons) {
      for (const [i, step] of lesson.steps.entries()) {
        await page.evaluate(
          (hash) => {
            (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
          },
          `#/lesson/${lesson.id}/${i + 1}`,
        );
        await expect(page.locator('h2.step-title')).toHaveText(step.title[locale]);
        await expect(page.locator('h1#lesson-title')).toHaveText(lesson.title[locale]);
        await expect(page.getByTestId('widget-problem')).toHaveCount(0);
        await expect(page.locator('.katex-error')).toHaveCount(0);
        const name = `${String(lesson.order).padStart(2, '0')}-${lesson.id}-${String(i + 1).padStart(2, '0')}-${step.id}.png`;
        await page.screenshot({ path: join(SCREENSHOTS, testInfo.project.name, locale, name), fullPage: true });
      }
    }
  }
});
