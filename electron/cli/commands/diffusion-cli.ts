/** Number parsing and usage errors shared by `lab diffuse`, `lab noise` and `lab schedule`. */
import { LabError } from '../../common/errors.js';
import { CliCallError } from '../command.js';

export function usageError(detail: string): CliCallError {
  return new CliCallError(new LabError('validation', { messageKey: 'error.diffusion.cliUsage', detail }).toData());
}

/** A finite number from an option (undefined when absent); integers only when asked. */
export function numberOption(raw: string | undefined, flag: string, integer = false): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw usageError(`--${flag} needs ${integer ? 'an integer' : 'a number'}, got "${raw}"`);
  }
  return value;
}

export function oneOf<T extends string>(raw: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw usageError(`--${flag} must be one of ${allowed.join(', ')}; got "${raw}"`);
  return raw as T;
}
