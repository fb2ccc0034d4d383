/**
 * The 2D toy diffusion lesson end to end: train a tiny model in the engine's job worker from the
 * lesson page, watch the reverse trajectories arrive, step through them, draw a point cloud, and
 * save a screenshot of every step in both languages with a trained model on screen.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './lab';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = target;
  }, hash);
  await expect(page).toHaveURL(new RegExp(`${hash.replace(/[/.]/g, '\\$&')}$`));
}

test('the 2D diffusion lesson trains a model, samples trajectories and steps through them', async ({ lab }) => {
  test.setTimeout(480_000);
  const { page } = lab;
  await goToHash(page, '#/lesson/diffusion-2d/1');
  const plot = page.getByTestId('toy2d-plot');
  await expect(plot).toHaveAttribute('data-samples', '0');
  await page.getByTestId('toy2d-train').click();
  // The data set arrives with the first progress message, while training runs.
  await expect(plot).not.toHaveAttribute('data-data', '0', { timeout: 30_000 });
  await expect(page.getByTestId('toy2d-status')).toHaveAttribute('data-state', 'succeeded', { timeout: 300_000 });
  // DDPM over T = 100 steps: 101 frames of 1000 points each.
  await expect(plot).toHaveAttribute('data-samples', '1000', { timeout: 30_000 });
  await expect(plot).toHaveAttribute('data-frames', '101');
  await expect(page.getByTestId('toy2d-play')).toBeEnabled();
  // Playback ends on the last frame (t = 0).
  await expect(plot).toHaveAttribute('data-frame', '100', { timeout: 15_000 });
  await expect(page.getByTestId('toy2d-frame')).toContainText('t = 0');
  await page.getByTestId('toy2d-back').click();
  await expect(plot).toHaveAttribute('data-frame', '99');
  // The slider is keyboard-driven like any range input.
  await page.getByTestId('toy2d-t').focus();
  await page.keyboard.press('Home');
  await expect(plot).toHaveAttribute('data-frame', '0');
  await expect(page.getByTestId('toy2d-frame')).toContainText('t = 100');

  // DDIM with 20 steps: 21 frames, from the same trained model.
  await page.getByTestId('toy2d-sampler-ddim').check();
  await expect(plot).toHaveAttribute('data-frames', '21', { timeout: 30_000 });

  // The next step reuses the model trained here: no second training.
  await goToHash(page, '#/lesson/diffusion-2d/2');
  await expect(page.getByTestId('toy2d-plot')).toHaveAttribute('data-samples', '1000', { timeout: 30_000 });
  await expect(page.getByTestId('toy2d-train')).toHaveText(/again/i);
});

test('a drawn point cloud trains, with undo, clear and keyboard drawing', async ({ lab }) => {
  test.setTimeout(480_000);
  const { page } = lab;
  await goToHash(page, '#/lesson/diffusion-2d/4');
  const plot = page.getByTestId('toy2d-plot');
  await expect(page.getByTestId('toy2d-train')).toBeDisabled();
  const box = await plot.boundingBox();
  if (!box) throw new Error('no plot');
  // A stroke: a drag across the upper half.
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) await page.mouse.move(box.x + box.width * (0.2 + 0.03 * k), box.y + box.height * 0.3);
  await page.mouse.up();
  const drawn = page.getByTestId('toy2d-drawn');
  await expect(drawn).toContainText(/\d+/);
  const afterStroke = Number((await drawn.textContent())?.match(/\d+/)?.[0]);
  expect(afterStroke).toBeGreaterThan(5);
  // Keyboard: focus the canvas, move the cross down, add two points.
  await plot.focus();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(drawn).toContainText(String(afterStroke + 2));
  await page.getByTestId('toy2d-undo').click();
  await expect(drawn).toContainText(String(afterStroke + 1));
  await page.getByTestId('toy2d-train').click();
  await expect(page.getByTestId('toy2d-status')).toHaveAttribute('data-state', 'succeeded', { timeout: 300_000 });
  await expect(plot).toHaveAttribute('data-samples', '1000', { timeout: 30_000 });
  await page.getByTestId('toy2d-clear').click();
  await expect(drawn).toContainText('0');
  await expect(plot).toHaveAttribute('data-samples', '0');
});

test('training can be cancelled', async ({ lab }) => {
  const { page } = lab;
  await goToHash(page, '#/lesson/diffusion-2d/1');
  await page.getByTestId('toy2d-train').click();
  await expect(page.getByTestId('toy2d-status')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('toy2d-cancel').click();
  await expect(page.getByTestId('toy2d-status')).toHaveAttribute('data-state', 'cancelled', { timeout: 10_000 });
});

test('every step of the 2D diffusion lesson, trained, in both languages (screenshots saved)', async ({ lab }, testInfo) => {
  test.setTimeout(540_000);
  const { page } = lab;
  await page.setViewportSize({ width: 1280, height: 2000 });
  await goToHash(page, '#/lesson/diffusion-2d/1');
  await page.getByTestId('toy2d-train').click();
  await expect(page.getByTestId('toy2d-status')).toHaveAttribute('data-state', 'succeeded', { timeout: 300_000 });
  const steps = ['points-and-noise', 'reverse-trajectories', 'vector-field', 'your-drawing'];
  for (const locale of ['en', 'zh-CN'] as const) {
    expect((await lab.rawCall('settings.update', { patch: { locale } })).ok).toBe(true);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    for (const [i, step] of steps.entries()) {
      await goToHash(page, `#/lesson/diffusion-2d/${i + 1}`);
      await expect(page.getByTestId('widget-problem')).toHaveCount(0);
      await expect(page.locator('.katex-error')).toHaveCount(0);
      const plot = page.getByTestId('toy2d-plot');
      if (step !== 'your-drawing') {
        await expect(plot).not.toHaveAttribute('data-samples', '0', { timeout: 30_000 });
        // Halfway through the reverse process: the shape is forming, the arrows bend towards it.
        await page.getByTestId('toy2d-t').focus();
        await page.keyboard.press('End');
        if (step === 'vector-field') for (let k = 0; k < 12; k++) await page.keyboard.press('ArrowLeft');
      }
      await page.screenshot({
        path: join(SCREENSHOTS, testInfo.project.name, 'toy2d', locale, `16-diffusion-2d-${i + 1}-${step}.png`),
        fullPage: true,
      });
    }
  }
});
