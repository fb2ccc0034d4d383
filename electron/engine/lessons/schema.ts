/** The on-disk shape of a lesson: `lessons/NN-slug/meta.json` and each step's frontmatter. */
import { z } from 'zod';

const localized = z.object({ en: z.string().min(1).max(300), 'zh-CN': z.string().min(1).max(300) }).strict();
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, 'lowercase letters, digits and dashes');

export const lessonMetaSchema = z
  .object({
    id: slug,
    order: z.number().int().min(0).max(999),
    title: localized,
    summary: localized,
    models: z.array(z.string().min(1).max(100)).max(20).default([]),
    permissions: z.array(z.literal('camera')).max(1).default([]),
    /** Step ids in order; each names a folder `NN-slug/<step>/` holding `en.md` and `zh-CN.md`. */
    steps: z.array(slug).min(1).max(100),
  })
  .strict();

export type LessonMeta = z.infer<typeof lessonMetaSchema>;

export const stepFrontmatterSchema = z
  .object({
    title: z.string().min(1).max(200),
  })
  .strict();

/** Lesson folders are `NN-slug`: the number orders them on disk, the slug must equal meta.json's id. */
export const LESSON_DIR_PATTERN = /^(\d{2})-([a-z0-9][a-z0-9-]*)$/;
