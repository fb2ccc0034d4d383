/**
 * CLIP text → `input_ids` through @huggingface/tokenizers (the same BPE and
 * special tokens as the Python tokenizer that trained the model).
 *
 * A batch is padded to its longest prompt with the pad id (OpenAI CLIP pads
 * with `<|endoftext|>` = 49407, shapes-clip with its EOS, the largest id) and
 * truncated to the context length keeping EOS last, since CLIP pools the text
 * at the EOS position. Prompt limits live here because they are limits on
 * what can be tokenised into one batch.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { LabError } from '../../common/errors.js';
import type { TokenizerConfig } from './model-files.js';

/** More prompts than this in one request is almost surely a mistake (and a long wait on a laptop CPU). */
export const MAX_PROMPTS = 1000;

export interface TokenBatch {
  /** int64 [batch, seq], row-major, padded with `padId`. */
  inputIds: BigInt64Array;
  /** int64 [batch, seq]: 1 for real tokens, 0 for padding. */
  attentionMask: BigInt64Array;
  batch: number;
  seq: number;
  /** Real (unpadded) length of each row, after truncation. */
  lengths: number[];
  /** Indices of the prompts that were longer than the context length and were cut. */
  truncated: number[];
}

export interface ClipTokenizer {
  readonly contextLength: number;
  readonly padId: number;
  readonly eosId: number;
  /**
   * @example tokenizer.encode(['a photo of a cat']).inputIds // → [49406n, 320n, 1125n, 539n, 320n, 2368n, 49407n] (OpenAI CLIP)
   * @param padTo 'longest' pads to the longest prompt; a number pads every row to that length (models with a fixed sequence axis).
   */
  encode(texts: readonly string[], padTo?: 'longest' | number): TokenBatch;
}

/**
 * Checks a prompt list before any work: a non-empty array of at most
 * MAX_PROMPTS strings. Throws LabError('validation') with a message key per problem.
 */
export function checkPrompts(texts: unknown): string[] {
  if (!Array.isArray(texts) || texts.length === 0) throw new LabError('validation', { messageKey: 'error.clip.noPrompts' });
  if (texts.length > MAX_PROMPTS) {
    throw new LabError('validation', { messageKey: 'error.clip.tooManyPrompts', params: { count: texts.length, max: MAX_PROMPTS } });
  }
  const index = texts.findIndex((t) => typeof t !== 'string');
  if (index >= 0) {
    throw new LabError('validation', {
      messageKey: 'error.clip.promptNotText',
      params: { index },
      detail: `prompt ${index} is ${texts[index] === null ? 'null' : typeof texts[index]}`,
    });
  }
  return texts as string[];
}

function tokenContent(token: TokenizerConfig['pad_token']): string | null {
  if (token === undefined || token === null) return null;
  return typeof token === 'string' ? token : token.content;
}

interface AddedTokenJson {
  id: number;
  content: string;
  special?: boolean;
}

/** EOS: tokenizer_config's eos_token, else the post-processor's `sep`, else the largest special added token. */
function findEosId(tokenizer: Tokenizer, json: Record<string, unknown>, config: TokenizerConfig | null): number {
  const named = tokenContent(config?.eos_token);
  const fromConfig = named === null ? undefined : tokenizer.token_to_id(named);
  if (fromConfig !== undefined) return fromConfig;
  const post = json.post_processor as { sep?: [string, number] } | null | undefined;
  if (post?.sep && typeof post.sep[1] === 'number') return post.sep[1];
  const added = ((json.added_tokens as AddedTokenJson[] | undefined) ?? []).filter((t) => t.special !== false);
  const endOfText = added.find((t) => t.content === '<|endoftext|>');
  if (endOfText) return endOfText.id;
  if (added.length > 0) return Math.max(...added.map((t) => t.id));
  throw new LabError('modelInvalid', {
    messageKey: 'error.clip.fileInvalid',
    params: { file: 'tokenizer.json' },
    detail: 'no end-of-text token found',
  });
}

/** Pad: tokenizer_config's pad_token, else tokenizer.json's padding.pad_id, else EOS (CLIP's convention). */
function findPadId(tokenizer: Tokenizer, json: Record<string, unknown>, config: TokenizerConfig | null, eosId: number): number {
  const named = tokenContent(config?.pad_token);
  const fromConfig = named === null ? undefined : tokenizer.token_to_id(named);
  if (fromConfig !== undefined) return fromConfig;
  const padding = json.padding as { pad_id?: number } | null | undefined;
  if (typeof padding?.pad_id === 'number') return padding.pad_id;
  return eosId;
}

/**
 * @example createClipTokenizer(tokenizerJson, tokenizerConfig, 77).encode(['a photo of a cat', 'a dog']).seq // → 7
 */
export function createClipTokenizer(
  tokenizerJson: Record<string, unknown>,
  tokenizerConfig: TokenizerConfig | null,
  contextLength: number,
): ClipTokenizer {
  if (!Number.isInteger(contextLength) || contextLength < 2) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.clip.fileInvalid',
      params: { file: 'config.json' },
      detail: `context length ${contextLength}`,
    });
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig ?? {});
  } catch (error) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.clip.fileInvalid',
      params: { file: 'tokenizer.json' },
      detail: (error as Error).message,
    });
  }
  const eosId = findEosId(tokenizer, tokenizerJson, tokenizerConfig);
  const padId = findPadId(tokenizer, tokenizerJson, tokenizerConfig, eosId);
  const unkName = tokenContent(tokenizerConfig?.unk_token) ?? (tokenizerJson.model as { unk_token?: string } | undefined)?.unk_token;
  const unkId = unkName === undefined ? undefined : tokenizer.token_to_id(unkName);

  function encode(texts: readonly string[], padTo: 'longest' | number = 'longest'): TokenBatch {
    const prompts = checkPrompts(texts);
    const truncated: number[] = [];
    const rows = prompts.map((text, i) => {
      // @huggingface/tokenizers 0.2.0 leaves out-of-vocabulary words of word-level models as undefined; use the unknown token.
      const ids = tokenizer.encode(text).ids.map((id) => id ?? unkId);
      if (ids.some((id) => id === undefined)) {
        throw new LabError('validation', {
          messageKey: 'error.clip.promptUntokenizable',
          params: { index: i },
          detail: `no id for a token of ${JSON.stringify(text)}`,
        });
      }
      if (ids.length <= contextLength) return ids as number[];
      truncated.push(i);
      // Keep the first contextLength − 1 tokens and the last one (EOS), where CLIP pools.
      return [...ids.slice(0, contextLength - 1), ids[ids.length - 1]!] as number[];
    });
    const longest = Math.max(...rows.map((r) => r.length));
    const seq = padTo === 'longest' ? longest : Math.max(padTo, 1);
    if (seq < longest) throw new LabError('internal', { detail: `padTo ${seq} is shorter than the longest prompt (${longest} tokens)` });
    const inputIds = new BigInt64Array(rows.length * seq).fill(BigInt(padId));
    const attentionMask = new BigInt64Array(rows.length * seq);
    rows.forEach((ids, b) => {
      for (let s = 0; s < ids.length; s++) {
        inputIds[b * seq + s] = BigInt(ids[s]!);
        attentionMask[b * seq + s] = 1n;
      }
    });
    return { inputIds, attentionMask, batch: rows.length, seq, lengths: rows.map((r) => r.length), truncated };
  }

  return { contextLength, padId, eosId, encode };
}
