/**
 * Bilingual completeness (issue 2, item 11): every UI string and every lesson step
 * exists in English and Simplified Chinese. The checks live in tests/support/i18n.ts;
 * the first block runs them on the real tree, the second proves on fixtures that
 * they fail when something is missing.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCALES, PROVIDER_NAMES } from '../../../electron/common/api.js';
import { ERROR_CODES } from '../../../electron/common/errors.js';
import { listLessons } from '../../../electron/engine/lessons/loader.js';
import { checkCatalogs, loadCatalogs, missingKeys, nodeKeyUses, placeholdersOf, rendererKeyUses, type KeyUse } from '../../support/i18n.js';
import { FIXTURES, ROOT } from '../../support/paths.js';

const CATALOG_DIR = join(ROOT, 'renderer', 'src', 'i18n');

/** Keys the code builds at run time from a closed set, which no literal scan can see. */
function runtimeKeyFamilies(): KeyUse[] {
  return [
    ...ERROR_CODES.map((code) => ({ key: `error.${code}`, where: 'electron/common/errors.ts ERROR_CODES (error.<code>)' })),
    // electron/engine/runtime/ort.ts: reasonKey `provider.notInstalled.${name}` for a provider that is not bundled (CPU always is).
    ...PROVIDER_NAMES.filter((name) => name !== 'cpu').map((name) => ({
      key: `provider.notInstalled.${name}`,
      where: 'electron/engine/runtime/ort.ts listProviders (provider.notInstalled.<name>)',
    })),
  ];
}

describe('the real catalogs and lessons', () => {
  it('have every area file in both locales, each a flat object of strings', async () => {
    const { catalogs, problems } = await loadCatalogs(CATALOG_DIR, LOCALES);
    expect(problems).toEqual([]);
    expect(catalogs.get('en')?.size, 'renderer/src/i18n/en/ holds no catalogs').toBeGreaterThan(0);
  });

  it('have every key in both locales, non-empty, with the same {placeholders}, defined once', async () => {
    const { catalogs } = await loadCatalogs(CATALOG_DIR, LOCALES);
    expect(checkCatalogs(catalogs)).toEqual([]);
  });

  it('translate every error code and every provider reason', async () => {
    const { catalogs } = await loadCatalogs(CATALOG_DIR, LOCALES);
    expect(missingKeys(catalogs, runtimeKeyFamilies())).toEqual([]);
  });

  it("translate every literal key the renderer uses (t('…'), i18n.t('…'), messageKey: '…')", async () => {
    const { catalogs } = await loadCatalogs(CATALOG_DIR, LOCALES);
    const uses = await rendererKeyUses(ROOT);
    expect(missingKeys(catalogs, uses)).toEqual([]);
  });

  it('translate every message key the Node side sends (error.*, lesson.*, job.*, provider.* literals in electron/)', async () => {
    const { catalogs } = await loadCatalogs(CATALOG_DIR, LOCALES);
    const uses = await nodeKeyUses(ROOT);
    expect(uses.map((u) => u.key)).toContain('lesson.problem.metaInvalid');
    expect(missingKeys(catalogs, uses)).toEqual([]);
  });

  it('have every lesson step in both locales with a title', async () => {
    const index = await listLessons(join(ROOT, 'lessons'));
    expect(index.problems.map((p) => `lessons/${p.file}: ${p.messageKey} (${p.detail})`)).toEqual([]);
    for (const lesson of index.lessons) {
      for (const step of lesson.steps) {
        for (const locale of LOCALES) expect(step.title[locale].trim(), `${lesson.dir}/${step.id}/${locale}.md title`).not.toBe('');
      }
    }
  });
});

describe('the checks themselves', () => {
  it('find placeholders as the renderer interpolates them', () => {
    expect(placeholdersOf('{done} of {total}, {done} again; {not a placeholder}')).toEqual(['done', 'total']);
    expect(placeholdersOf('no placeholders')).toEqual([]);
  });

  it('pass a complete fixture pair', async () => {
    const { catalogs, problems } = await loadCatalogs(join(FIXTURES, 'i18n', 'good'), LOCALES);
    expect(problems).toEqual([]);
    expect(checkCatalogs(catalogs)).toEqual([]);
    expect(missingKeys(catalogs, [{ key: 'app.name', where: 'x.ts:1' }])).toEqual([]);
  });

  it('report each kind of gap in a broken fixture pair', async () => {
    const { catalogs, problems } = await loadCatalogs(join(FIXTURES, 'i18n', 'broken'), LOCALES);
    expect(problems).toEqual([
      expect.stringMatching(/^zh-CN\/app\.json: "app\.nested" must be a string \(catalogs are flat\), found object$/),
      expect.stringMatching(/^zh-CN\/job\.json: not valid JSON/),
    ]);
    expect(checkCatalogs(catalogs)).toEqual([
      'zh-CN/app.json: key "app.empty" is empty',
      'app.json: key "app.greeting" has different placeholders: en {name} vs zh-CN {user}',
      'zh-CN/app.json: key "app.nested" is missing',
      'zh-CN/app.json: key "app.onlyEnglish" is missing',
      'en/app.json: key "job.progress" is missing',
      'zh-CN/job.json: missing (it exists for en)',
      'zh-CN/settings.json: missing (it exists for en)',
      'en: key "job.progress" is defined in both job.json and settings.json',
    ]);
  });

  it('report a used key that a locale lacks, with where it is used', async () => {
    const { catalogs } = await loadCatalogs(join(FIXTURES, 'i18n', 'good'), LOCALES);
    expect(missingKeys(catalogs, [{ key: 'app.missing', where: 'renderer/src/App.svelte:3' }])).toEqual([
      'en: key "app.missing" (used at renderer/src/App.svelte:3) is missing',
      'zh-CN: key "app.missing" (used at renderer/src/App.svelte:3) is missing',
    ]);
  });

  describe('source scans', () => {
    let dir = '';
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('find literal keys in renderer code and message keys in Node code', async () => {
      dir = await mkdtemp(join(tmpdir(), 'aigc-lab-i18n-'));
      await mkdir(join(dir, 'renderer', 'src', 'shell'), { recursive: true });
      await mkdir(join(dir, 'electron', 'engine'), { recursive: true });
      await writeFile(
        join(dir, 'renderer', 'src', 'shell', 'Bar.svelte'),
        [
          '<script lang="ts">',
          "  import { t, i18n } from '../i18n';",
          "  const label = i18n.t('bar.label', { n: 1 });",
          "  const dynamic = t(`bar.${'x'}`);",
          "  const concatenated = t('bar.' + name);",
          '</script>',
          '<p title={t(\'bar.title\')}>{t("bar.body")}</p>',
          "<p>{format('not.a.key')} {list.split('not.a.key')}</p>",
        ].join('\n'),
      );
      await writeFile(
        join(dir, 'renderer', 'src', 'shell', 'errors.ts'),
        "export const e = { code: 'internal', messageKey: 'error.disconnected' };\n",
      );
      await writeFile(
        join(dir, 'electron', 'engine', 'x.ts'),
        [
          "import { a } from './error.ts';",
          "const e = new LabError('notFound', { messageKey: 'error.lessonNotFound' });",
          "context.progress(0.5, 'job.demo.progress');",
          "const method = 'jobs.start'; const kind = 'engine.check';",
          '// a comment naming error.inComment is not a use',
          'const family = `provider.notInstalled.${name}`;',
        ].join('\n'),
      );
      expect((await rendererKeyUses(dir)).map((u) => `${u.key}@${u.where}`)).toEqual([
        'bar.label@renderer/src/shell/Bar.svelte:3',
        'bar.title@renderer/src/shell/Bar.svelte:7',
        'bar.body@renderer/src/shell/Bar.svelte:7',
        'error.disconnected@renderer/src/shell/errors.ts:1',
      ]);
      expect((await nodeKeyUses(dir)).map((u) => `${u.key}@${u.where}`)).toEqual([
        'error.lessonNotFound@electron/engine/x.ts:2',
        'job.demo.progress@electron/engine/x.ts:3',
      ]);
    });
  });

  it('report a lesson step missing in one locale (via the engine loader)', async () => {
    const index = await listLessons(join(FIXTURES, 'lessons'));
    expect(index.problems).toContainEqual(expect.objectContaining({ file: '03-missing-zh/only/zh-CN.md', messageKey: 'lesson.problem.fileMissing' }));
  });
});
