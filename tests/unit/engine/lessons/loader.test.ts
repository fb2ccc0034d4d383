import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { getLesson, listLessons, parseStepFile } from '../../../../electron/engine/lessons/loader.js';
import { FIXTURES } from '../../../support/paths.js';

const ROOT = join(FIXTURES, 'lessons');

async function rejection(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

describe('listLessons', () => {
  it('returns the good lessons in order and one problem per broken lesson, naming the file', async () => {
    const index = await listLessons(ROOT);
    expect(index.lessons.map((l) => l.id)).toEqual(['second-good', 'good']);
    expect(index.problems.map((p) => [p.file, p.messageKey])).toEqual([
      ['02-bad-meta/meta.json', 'lesson.problem.metaInvalid'],
      ['03-missing-zh/only/zh-CN.md', 'lesson.problem.fileMissing'],
      ['04-bad-frontmatter/intro/en.md', 'lesson.problem.frontmatterInvalid'],
      ['05-mismatch/meta.json', 'lesson.problem.idMismatch'],
    ]);
    for (const problem of index.problems) expect(problem.detail.length).toBeGreaterThan(0);
    expect(index.problems.find((p) => p.messageKey === 'lesson.problem.idMismatch')?.detail).toContain('"other"');
  });

  it('summarises a lesson with both locales of every title', async () => {
    const { lessons } = await listLessons(ROOT);
    expect(lessons.find((l) => l.id === 'good')).toEqual({
      id: 'good',
      order: 20,
      dir: '01-good',
      title: { en: 'A good lesson', 'zh-CN': '一节好课' },
      summary: { en: 'Loads without problems.', 'zh-CN': '可以正常加载。' },
      models: ['clip-tiny'],
      permissions: [],
      steps: [
        { id: 'intro', title: { en: 'Introduction', 'zh-CN': '引言' } },
        { id: 'math', title: { en: 'Math: softmax', 'zh-CN': '数学：softmax' } },
      ],
    });
  });

  it('answers an empty index for a missing lessons folder', async () => {
    expect(await listLessons(join(FIXTURES, 'no-such-folder'))).toEqual({ lessons: [], problems: [] });
  });

  it('reports a second lesson with the same id as a problem and keeps the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aigc-lab-lessons-'));
    try {
      await cp(join(ROOT, '01-good'), join(dir, '01-good'), { recursive: true });
      await cp(join(ROOT, '01-good'), join(dir, '07-good'), { recursive: true });
      const index = await listLessons(dir);
      expect(index.lessons.map((l) => l.dir)).toEqual(['01-good']);
      expect(index.problems).toEqual([{ file: '07-good/meta.json', messageKey: 'lesson.problem.duplicateId', detail: expect.any(String) }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('getLesson', () => {
  it("returns one locale's steps with titles and bodies, frontmatter removed", async () => {
    const lesson = await getLesson(ROOT, 'good', 'zh-CN');
    expect(lesson).toEqual({
      id: 'good',
      dir: '01-good',
      locale: 'zh-CN',
      title: '一节好课',
      steps: [
        { id: 'intro', title: '引言', markdown: '# 你好\n\n第一步。' },
        { id: 'math', title: '数学：softmax', markdown: '$$p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n\n::widget{name="job-demo"}' },
      ],
    });
  });

  it('answers notFound for an unknown id', async () => {
    const error = await rejection(getLesson(ROOT, 'no-such-lesson', 'en'));
    expect(error.code).toBe('notFound');
    expect(error.messageKey).toBe('error.lessonNotFound');
    expect(error.params).toEqual({ id: 'no-such-lesson' });
  });

  it('does not find a folder by anything but its slug', async () => {
    for (const id of ['01-good', '../01-good', 'other', 'notes']) {
      expect((await rejection(getLesson(ROOT, id, 'en'))).code, id).toBe('notFound');
    }
  });

  it('answers lessonMalformed naming the broken file', async () => {
    expect((await rejection(getLesson(ROOT, 'mismatch', 'en'))).params).toEqual({ file: '05-mismatch/meta.json' });
    expect((await rejection(getLesson(ROOT, 'bad-meta', 'en'))).params).toEqual({ file: '02-bad-meta/meta.json' });
    const missing = await rejection(getLesson(ROOT, 'missing-zh', 'zh-CN'));
    expect(missing.code).toBe('lessonMalformed');
    expect(missing.params).toEqual({ file: '03-missing-zh/only/zh-CN.md' });
  });

  it('still serves the locale that is complete', async () => {
    expect((await getLesson(ROOT, 'missing-zh', 'en')).steps.map((s) => s.title)).toEqual(['Only English']);
  });
});

describe('parseStepFile', () => {
  it('reads the title and trims the body', () => {
    expect(parseStepFile('---\ntitle: Hi\n---\n# Body\n\n', 'x/en.md')).toEqual({ title: 'Hi', markdown: '# Body' });
  });

  it('accepts Windows line endings', () => {
    expect(parseStepFile('---\r\ntitle: Hi\r\n---\r\nBody\r\n', 'x/en.md')).toEqual({ title: 'Hi', markdown: 'Body' });
  });

  it('accepts a UTF-8 byte-order mark (Notepad on Windows writes one)', () => {
    expect(parseStepFile('\uFEFF---\ntitle: 你好\n---\n正文', 'x/zh-CN.md')).toEqual({ title: '你好', markdown: '正文' });
  });

  it.each([
    ['no frontmatter', '# Just a body', 'lesson.problem.frontmatterMissing'],
    ['an unclosed frontmatter', '---\ntitle: Hi\n# Body', 'lesson.problem.frontmatterMissing'],
    ['invalid YAML', '---\ntitle: [unclosed\n---\nBody', 'lesson.problem.frontmatterInvalid'],
    ['YAML that is not a mapping', '---\n- a\n- b\n---\nBody', 'lesson.problem.frontmatterInvalid'],
    ['no title', '---\nauthor: me\n---\nBody', 'lesson.problem.frontmatterInvalid'],
    ['an empty title', '---\ntitle: ""\n---\nBody', 'lesson.problem.frontmatterInvalid'],
    ['a title that is not text', '---\ntitle: 42\n---\nBody', 'lesson.problem.frontmatterInvalid'],
    ['an unknown key', '---\ntitle: Hi\nwidgets: all\n---\nBody', 'lesson.problem.frontmatterInvalid'],
  ])('refuses %s with a problem naming the file', (_label, text, messageKey) => {
    let caught: unknown;
    try {
      parseStepFile(text, '09-x/step/en.md');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ file: '09-x/step/en.md', messageKey });
  });
});
