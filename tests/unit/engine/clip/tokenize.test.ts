import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { parseClipFiles } from '../../../../electron/engine/clip/model-files.js';
import { checkPrompts, createClipTokenizer, MAX_PROMPTS } from '../../../../electron/engine/clip/tokenize.js';
import { CLIP_SKIP_REASON, HAS_CLIP_FIXTURE, readFixtureJson } from './shared-fixtures.js';
import { tinyTokenizerJson } from './tiny-clip.js';

const parsedFixture = new Map<string, ReturnType<typeof parseClipFiles>>();

function openaiTokenizer(contextLength = 77) {
  const files = parsedFixture.get('openai') ?? parseFixture();
  parsedFixture.set('openai', files);
  return createClipTokenizer(files.tokenizerJson, files.tokenizerConfig, contextLength);
}

function parseFixture(): ReturnType<typeof parseClipFiles> {
  return parseClipFiles({
    config: readFixtureJson('config.json'),
    preprocessor: readFixtureJson('preprocessor_config.json'),
    tokenizerJson: readFixtureJson('tokenizer.json'),
    tokenizerConfig: readFixtureJson('tokenizer_config.json'),
  });
}

describe.skipIf(!HAS_CLIP_FIXTURE)(`the real OpenAI CLIP tokenizer${CLIP_SKIP_REASON}`, () => {
  it('encodes "a photo of a cat" as OpenAI does', () => {
    const batch = openaiTokenizer().encode(['a photo of a cat']);
    expect([...batch.inputIds].map(Number)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect([...batch.attentionMask].map(Number)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(batch).toMatchObject({ batch: 1, seq: 7, lengths: [7], truncated: [] });
  });

  it('reads pad and EOS (both <|endoftext|> = 49407) from tokenizer_config.json', () => {
    const tokenizer = openaiTokenizer();
    expect(tokenizer.padId).toBe(49407);
    expect(tokenizer.eosId).toBe(49407);
    expect(tokenizer.contextLength).toBe(77);
  });

  it('pads a batch to its longest prompt with the pad id and masks the padding', () => {
    const batch = openaiTokenizer().encode(['a photo of a cat', 'a cat']);
    expect(batch.seq).toBe(7);
    expect([...batch.inputIds.slice(7)].map(Number)).toEqual([49406, 320, 2368, 49407, 49407, 49407, 49407]);
    expect([...batch.attentionMask.slice(7)].map(Number)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(batch.lengths).toEqual([7, 4]);
  });

  it('truncates to the context length (77) keeping EOS last, and reports which prompt', () => {
    const long = Array.from({ length: 100 }, () => 'cat').join(' ');
    const batch = openaiTokenizer().encode(['a cat', long]);
    expect(batch.seq).toBe(77);
    expect(batch.truncated).toEqual([1]);
    const row = [...batch.inputIds.slice(77)].map(Number);
    expect(row[0]).toBe(49406);
    expect(row.slice(1, 76).every((id) => id === 2368)).toBe(true);
    expect(row[76]).toBe(49407);
  });

  it('pads to a fixed length when the model fixes its sequence axis', () => {
    const batch = openaiTokenizer().encode(['a cat'], 77);
    expect(batch.seq).toBe(77);
    expect(Number(batch.inputIds[76])).toBe(49407);
    expect(Number(batch.attentionMask[4])).toBe(0);
  });
});

describe('a word-level tokenizer without tokenizer_config.json (the shapes-clip convention)', () => {
  const tokenizer = createClipTokenizer(tinyTokenizerJson(), null, 4);

  it('takes EOS from the post-processor and pads with it', () => {
    expect(tokenizer.eosId).toBe(5);
    expect(tokenizer.padId).toBe(5);
    const batch = tokenizer.encode(['red', 'red green']);
    expect([...batch.inputIds].map(Number)).toEqual([4, 1, 5, 5, 4, 1, 2, 5]);
  });

  it('maps an unknown word to [UNK] instead of failing', () => {
    expect([...tokenizer.encode(['purple']).inputIds].map(Number)).toEqual([4, 0, 5]);
  });
});

describe('checkPrompts', () => {
  const key = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(LabError);
      return (error as LabError).messageKey;
    }
    throw new Error('did not throw');
  };

  it('accepts 1 to MAX_PROMPTS strings, including the empty string', () => {
    expect(checkPrompts([''])).toEqual(['']);
    expect(checkPrompts(Array.from({ length: MAX_PROMPTS }, () => 'x'))).toHaveLength(1000);
  });

  it('refuses empty lists, too many prompts, non-strings and non-arrays', () => {
    expect(key(() => checkPrompts([]))).toBe('error.clip.noPrompts');
    expect(key(() => checkPrompts(null))).toBe('error.clip.noPrompts');
    expect(key(() => checkPrompts(Array.from({ length: 1001 }, () => 'x')))).toBe('error.clip.tooManyPrompts');
    expect(key(() => checkPrompts(['a', undefined]))).toBe('error.clip.promptNotText');
    expect(key(() => checkPrompts([{ text: 'a' }]))).toBe('error.clip.promptNotText');
  });
});
