/**
 * File names for exports: safe on Windows, macOS and Linux, readable in both
 * languages (Chinese letters are kept), always with the right extension.
 *
 * @example exportFilename('π estimate: run 2', 'png') // → 'π-estimate-run-2.png'
 */
export function exportFilename(base: string, extension: 'png' | 'csv'): string {
  const stem =
    base
      .normalize('NFKC')
      .replace(new RegExp(`\\.${extension}$`, 'i'), '')
      // Reserved on Windows or meaningful to shells; control characters never belong in a name.
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
      .trim()
      .replace(/\s+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 120) || 'aigc-lab-export';
  return `${stem}.${extension}`;
}
