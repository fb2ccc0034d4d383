/**
 * The foundation's end-to-end checks, run against the web host in Chromium
 * (project `browser`) and against real Electron (project `electron`) when its
 * binary exists. Every test gets a fresh data folder.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './lab';

/** In-app navigation the way a link does it: change the hash, wait for the route. */
async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = target;
  }, hash);
  await expect(page).toHaveURL(new RegExp(`${hash.replace(/[/.]/g, '\\$&')}$`));
}

const STEP_TITLE = 'h2.step-title';

test('the app loads with its lessons, the first step and the execution provider', async ({ lab }) => {
  const { page } = lab;
  await expect(page.locator('nav.sidebar')).toContainText('Welcome to the lab');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/1$/);
  await expect(page.locator('h1#lesson-title')).toHaveText('Welcome to the lab');
  await expect(page.locator(STEP_TITLE)).not.toBeEmpty();
  await expect(page.locator('footer.status-bar .provider')).toContainText('CPU');
});

test('lesson steps follow the keyboard: arrows, PageUp/PageDown (clickers), Home/End', async ({ lab }) => {
  const { page } = lab;
  await expect(page).toHaveURL(/#\/lesson\/welcome\/1$/);
  const first = await page.locator(STEP_TITLE).textContent();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/2$/);
  await expect(page.locator(STEP_TITLE)).not.toHaveText(first ?? '');
  await page.keyboard.press('PageDown');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/3$/);
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/2$/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/1$/);
  await expect(page.locator(STEP_TITLE)).toHaveText(first ?? '');
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/5$/);
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/1$/);
});

test('arrow keys type in a text field instead of turning the page', async ({ lab }) => {
  const { page } = lab;
  await goToHash(page, '#/lesson/welcome/4');
  const seed = page.getByTestId('job-demo-seed');
  await seed.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/4$/);
});

test('the language switch is instant, covers the UI and the lesson, and is remembered', async ({ lab }) => {
  let page = lab.page;
  await goToHash(page, '#/settings');
  await page.locator('input[name="language"][value="zh-CN"]').check();
  await expect(page.locator('h1#settings-title')).toHaveText('设置');
  await goToHash(page, '#/lesson/welcome/1');
  await expect(page.locator('h1#lesson-title')).toHaveText('欢迎来到实验室');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  page = await lab.restart();
  await expect(page.locator('h1#lesson-title')).toHaveText('欢迎来到实验室');
});

test('presenter mode hides the chrome and Esc leaves it', async ({ lab }) => {
  const { page } = lab;
  await expect(page.locator('nav.sidebar')).toBeVisible();
  await page.keyboard.press('F5');
  await expect(page.locator('html')).toHaveClass(/\bpresenter\b/);
  await expect(page.locator('nav.sidebar')).toBeHidden();
  await expect(page.locator('footer.status-bar')).toBeHidden();
  // Clickers still turn pages in presenter mode.
  await page.keyboard.press('PageDown');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/2$/);
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/\bpresenter\b/);
  await expect(page.locator('nav.sidebar')).toBeVisible();
});

test('settings survive a reload, and lesson progress survives a restart', async ({ lab }) => {
  let page = lab.page;
  await goToHash(page, '#/settings');
  await page.locator('input[name="theme"][value="dark"]').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('input[name="theme"][value="dark"]')).toBeChecked();

  await goToHash(page, '#/lesson/welcome/3');
  await expect(page.locator(STEP_TITLE)).not.toBeEmpty();
  page = await lab.restart();
  // No hash in the new URL: the app opens where the learner left off.
  await expect(page).toHaveURL(/#\/lesson\/welcome\/3$/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the welcome lesson runs a real model through the engine and shows the provider and timing', async ({ lab }) => {
  const { page } = lab;
  await goToHash(page, '#/lesson/welcome/5');
  await page.getByTestId('engine-check-start').click();
  await expect(page.getByTestId('engine-check-status')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('engine-check-status')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('engine-check-provider')).toContainText('CPU');
  await expect(page.getByTestId('engine-check-median')).toContainText(/\d/);
  const maxError = Number((await page.getByTestId('engine-check-max-error').getAttribute('data-value')) ?? 'NaN');
  expect(maxError).toBeLessThan(1e-5);
});

test('a running job shows progress and stops when cancelled', async ({ lab }) => {
  const { page } = lab;
  await goToHash(page, '#/lesson/welcome/4');
  await page.getByTestId('job-demo-start').click();
  await expect(page.getByTestId('job-demo-status')).toHaveAttribute('data-state', 'running');
  // The status bar lists the job with its own progress bar and cancel button.
  await expect(page.locator('footer.status-bar .jobs .job')).toHaveCount(1);
  await expect(page.getByTestId('job-demo-estimate')).toContainText(/3[.,]\d/, { timeout: 20_000 });
  await page.getByTestId('job-demo-cancel').click();
  await expect(page.getByTestId('job-demo-status')).toHaveAttribute('data-state', 'cancelled', { timeout: 10_000 });
  await expect(page.locator('footer.status-bar .jobs .job')).toHaveCount(0);
});

test('a malformed API payload gets a typed error and the app keeps working', async ({ lab }) => {
  const { page } = lab;
  const badArgs = await lab.rawCall('jobs.cancel', { jobId: 42, extra: true });
  expect(badArgs).toMatchObject({ ok: false, error: { code: 'validation', messageKey: 'error.validation' } });
  const badMethod = await lab.rawCall('system.reboot', {});
  expect(badMethod).toMatchObject({ ok: false, error: { code: 'unknownMethod' } });
  if (lab.host === 'web') {
    const garbage = await lab.rawGarbage([0xff, 0x00, 0x13, 0x37]);
    expect(garbage).toMatchObject({ ok: false, error: { code: 'validation' } });
  }
  // Still alive: navigation works and the engine answers.
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/lesson\/welcome\/2$/);
  const info = await lab.rawCall('system.info', {});
  expect(info.ok).toBe(true);
});

test('an unknown lesson id shows a friendly not-found view', async ({ lab }) => {
  const { page } = lab;
  await goToHash(page, '#/lesson/no-such-lesson/1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/not found|找不到/i);
  await expect(page.locator('nav.sidebar')).toContainText('Welcome to the lab');
});
