/**
 * The real OpenAI CLIP ViT-B/32 tokenizer and preprocessing files in
 * ../shared/fixtures (no weights; see its README). A user's clone does not
 * have them, so tests that use them skip with this message (not a test file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../support/paths.js';

export const CLIP_TOKENIZER_DIR = join(ROOT, '..', 'shared', 'fixtures', 'clip-vit-base-patch32-tokenizer');

export const HAS_CLIP_FIXTURE = ['tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json', 'config.json'].every((f) =>
  existsSync(join(CLIP_TOKENIZER_DIR, f)),
);

export const CLIP_SKIP_REASON = HAS_CLIP_FIXTURE
  ? ''
  : ' [skipped: ../shared/fixtures/clip-vit-base-patch32-tokenizer is absent (the real OpenAI tokenizer is not part of the repository)]';

export function readFixtureJson(file: string): unknown {
  return JSON.parse(readFileSync(join(CLIP_TOKENIZER_DIR, file), 'utf8')) as unknown;
}
