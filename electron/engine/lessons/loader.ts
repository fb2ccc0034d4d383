/**
 * Reads lessons from disk: `lessons/NN-slug/meta.json` plus one Markdown file
 * per step per locale (`NN-slug/<step>/en.md`, `NN-slug/<step>/zh-CN.md`),
 * each with YAML frontmatter. A broken lesson is reported with the file and
 * the problem; the others still load.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LOCALES, type LessonContent, type LessonIndex, type LessonProblem, type LessonSummary, type Locale } from '../../common/api.js';
import { LabError } from '../../common/errors.js';
import { LESSON_DIR_PATTERN, lessonMetaSchema, stepFrontmatterSchema, type LessonMeta } from './schema.js';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export interface ParsedStep {
  title: string;
  markdown: string;
}

class LessonFileError extends Error {
  constructor(
    readonly file: string,
    readonly messageKey: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Windows editors (Notepad) start UTF-8 files with a byte-order mark; it is not content. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** @example parseStepFile('---\ntitle: Hi\n---\n# Body', 'x/en.md') // → { title: 'Hi', markdown: '# Body' } */
export function parseStepFile(raw: string, file: string): ParsedStep {
  const text = withoutByteOrderMark(raw);
  const match = FRONTMATTER.exec(text);
  if (!match) throw new LessonFileError(file, 'lesson.problem.frontmatterMissing', 'the file must start with a --- frontmatter block');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new LessonFileError(file, 'lesson.problem.frontmatterInvalid', (error as Error).message);
  }
  const result = stepFrontmatterSchema.safeParse(data);
  if (!result.success) throw new LessonFileError(file, 'lesson.problem.frontmatterInvalid', result.error.issues.map(formatIssue).join('; '));
  return { title: result.data.title, markdown: text.slice(match[0].length).trim() };
}

function formatIssue(issue: { path: PropertyKey[]; message: string }): string {
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

async function readText(root: string, file: string): Promise<string> {
  try {
    return withoutByteOrderMark(await readFile(join(root, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LessonFileError(file, code === 'ENOENT' ? 'lesson.problem.fileMissing' : 'lesson.problem.fileUnreadable', (error as Error).message);
  }
}

async function readMeta(root: string, dir: string): Promise<LessonMeta> {
  const file = `${dir}/meta.json`;
  const text = await readText(root, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LessonFileError(file, 'lesson.problem.metaInvalid', (error as Error).message);
  }
  const result = lessonMetaSchema.safeParse(data);
  if (!result.success) throw new LessonFileError(file, 'lesson.problem.metaInvalid', result.error.issues.map(formatIssue).join('; '));
  const slug = LESSON_DIR_PATTERN.exec(dir)?.[2];
  if (slug !== result.data.id) {
    throw new LessonFileError(file, 'lesson.problem.idMismatch', `id "${result.data.id}" must equal the folder's slug "${slug}"`);
  }
  return result.data;
}

async function readStep(root: string, dir: string, step: string, locale: Locale): Promise<ParsedStep> {
  const file = `${dir}/${step}/${locale}.md`;
  return parseStepFile(await readText(root, file), file);
}

async function loadSummary(root: string, dir: string): Promise<LessonSummary> {
  const meta = await readMeta(root, dir);
  const steps = await Promise.all(
    meta.steps.map(async (id) => {
      const [en, zh] = await Promise.all(LOCALES.map((locale) => readStep(root, dir, id, locale)));
      return { id, title: { en: en!.title, 'zh-CN': zh!.title } };
    }),
  );
  return {
    id: meta.id,
    order: meta.order,
    dir,
    title: meta.title,
    summary: meta.summary,
    models: meta.models,
    permissions: meta.permissions,
    steps,
  };
}

async function lessonDirs(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((e) => e.isDirectory() && LESSON_DIR_PATTERN.test(e.name))
    .map((e) => e.name)
    .sort();
}

function toProblem(dir: string, error: unknown): LessonProblem {
  if (error instanceof LessonFileError) return { file: error.file, messageKey: error.messageKey, detail: error.message };
  return { file: dir, messageKey: 'lesson.problem.fileUnreadable', detail: error instanceof Error ? error.message : String(error) };
}

/** Lists every lesson that loads, in `order`, and a problem entry for each that does not. */
export async function listLessons(root: string): Promise<LessonIndex> {
  const dirs = await lessonDirs(root);
  const settled = await Promise.allSettled(dirs.map((dir) => loadSummary(root, dir)));
  const lessons: LessonSummary[] = [];
  const problems: LessonProblem[] = [];
  const seen = new Set<string>();
  settled.forEach((outcome, index) => {
    const dir = dirs[index]!;
    if (outcome.status === 'rejected') return problems.push(toProblem(dir, outcome.reason));
    if (seen.has(outcome.value.id)) {
      return problems.push({ file: `${dir}/meta.json`, messageKey: 'lesson.problem.duplicateId', detail: `id "${outcome.value.id}" is used twice` });
    }
    seen.add(outcome.value.id);
    lessons.push(outcome.value);
  });
  lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { lessons, problems };
}

/** One lesson's text in one locale. Throws `notFound` for an unknown id and `lessonMalformed` for a broken lesson. */
export async function getLesson(root: string, id: string, locale: Locale): Promise<LessonContent> {
  const dir = (await lessonDirs(root)).find((d) => LESSON_DIR_PATTERN.exec(d)?.[2] === id);
  if (!dir) throw new LabError('notFound', { messageKey: 'error.lessonNotFound', params: { id } });
  try {
    const meta = await readMeta(root, dir);
    const steps = await Promise.all(meta.steps.map(async (step) => ({ id: step, ...(await readStep(root, dir, step, locale)) })));
    return { id: meta.id, dir, locale, title: meta.title[locale], steps };
  } catch (error) {
    const problem = toProblem(dir, error);
    throw new LabError('lessonMalformed', { params: { file: problem.file }, detail: problem.detail });
  }
}
