/**
 * Completeness checks for the renderer's catalogs (renderer/src/i18n/<locale>/<area>.json,
 * flat keys, merged per locale by renderer/src/i18n/index.ts) and the keys the code uses.
 * Every function takes its roots as arguments so the checks themselves are tested on
 * fixtures (tests/fixtures/i18n/) as well as run on the real tree.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** locale → area → flat catalog. */
export type CatalogSet = Map<string, Map<string, Record<string, string>>>;

export interface KeyUse {
  key: string;
  /** Where the key was found, `file:line`. */
  where: string;
}

/** `{name}` placeholders, as renderer/src/i18n/index.ts's `interpolate` finds them. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

/** Reads every `<locale>/<area>.json`; a file that is not a flat object of strings is a problem, not an exception. */
export async function loadCatalogs(dir: string, locales: readonly string[]): Promise<{ catalogs: CatalogSet; problems: string[] }> {
  const catalogs: CatalogSet = new Map();
  const problems: string[] = [];
  for (const locale of locales) {
    const areas = new Map<string, Record<string, string>>();
    catalogs.set(locale, areas);
    let names: string[];
    try {
      names = (await readdir(join(dir, locale))).filter((name) => name.endsWith('.json')).sort();
    } catch {
      problems.push(`${locale}/: the locale folder is missing`);
      continue;
    }
    for (const name of names) {
      const file = `${locale}/${name}`;
      let data: unknown;
      try {
        data = JSON.parse(await readFile(join(dir, locale, name), 'utf8'));
      } catch (error) {
        problems.push(`${file}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        problems.push(`${file}: must be a JSON object of key → text`);
        continue;
      }
      const catalog: Record<string, string> = {};
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === 'string') catalog[key] = value;
        else problems.push(`${file}: "${key}" must be a string (catalogs are flat), found ${Array.isArray(value) ? 'array' : typeof value}`);
      }
      areas.set(name.slice(0, -'.json'.length), catalog);
    }
  }
  return { catalogs, problems };
}

/** Every area in every locale, every key in every locale with non-empty text, the same placeholders, no key twice. */
export function checkCatalogs(catalogs: CatalogSet): string[] {
  const problems: string[] = [];
  const locales = [...catalogs.keys()];
  const areaNames = [...new Set(locales.flatMap((locale) => [...(catalogs.get(locale)?.keys() ?? [])]))].sort();
  for (const area of areaNames) {
    const present = locales.filter((locale) => catalogs.get(locale)?.has(area));
    for (const locale of locales) {
      if (!present.includes(locale)) problems.push(`${locale}/${area}.json: missing (it exists for ${present.join(', ')})`);
    }
    const keys = [...new Set(present.flatMap((locale) => Object.keys(catalogs.get(locale)?.get(area) ?? {})))].sort();
    for (const key of keys) {
      const texts = new Map<string, string>();
      for (const locale of present) {
        const text = catalogs.get(locale)?.get(area)?.[key];
        if (text === undefined) problems.push(`${locale}/${area}.json: key "${key}" is missing`);
        else if (text.trim() === '') problems.push(`${locale}/${area}.json: key "${key}" is empty`);
        else texts.set(locale, text);
      }
      const shapes = [...texts].map(([locale, text]) => [locale, placeholdersOf(text).join(',')] as const);
      if (new Set(shapes.map(([, shape]) => shape)).size > 1) {
        const described = shapes.map(([locale, shape]) => `${locale} {${shape}}`).join(' vs ');
        problems.push(`${area}.json: key "${key}" has different placeholders: ${described}`);
      }
    }
  }
  for (const locale of locales) {
    const owner = new Map<string, string>();
    for (const [area, catalog] of catalogs.get(locale) ?? []) {
      for (const key of Object.keys(catalog)) {
        const first = owner.get(key);
        if (first) problems.push(`${locale}: key "${key}" is defined in both ${first}.json and ${area}.json`);
        else owner.set(key, area);
      }
    }
  }
  return problems;
}

/** Keys used somewhere that some locale lacks (catalogs merged per locale, as the renderer does). */
export function missingKeys(catalogs: CatalogSet, uses: readonly KeyUse[]): string[] {
  const problems: string[] = [];
  for (const [locale, areas] of catalogs) {
    const all = new Set([...areas.values()].flatMap((catalog) => Object.keys(catalog)));
    for (const use of uses) if (!all.has(use.key)) problems.push(`${locale}: key "${use.key}" (used at ${use.where}) is missing`);
  }
  return problems;
}

async function filesUnder(root: string, dir: string, pattern: RegExp): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await filesUnder(root, path, pattern)));
    else if (pattern.test(entry.name)) out.push(path);
  }
  return out.sort();
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * Literal keys in renderer source: `t('key')`, `i18n.t('key')` (the whole first argument) and
 * `messageKey: 'key'`. Keys built at run time cannot be seen here; families of those are listed
 * by the test itself.
 */
export async function rendererKeyUses(root: string, dir = 'renderer/src'): Promise<KeyUse[]> {
  const uses: KeyUse[] = [];
  const patterns = [/(?<![\w$.])(?:i18n\.)?t\(\s*(['"])([^'"\\\n]+)\1\s*[,)]/g, /\bmessageKey:\s*(['"])([^'"\\\n]+)\1/g];
  for (const file of await filesUnder(root, dir, /\.(?:ts|svelte)$/)) {
    const text = await readFile(join(root, file), 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) uses.push({ key: match[2] ?? '', where: `${file}:${lineAt(text, match.index ?? 0)}` });
    }
  }
  return uses;
}

/** The namespaces whose strings in Node-side code are message keys for the renderer to translate. */
export const NODE_KEY_NAMESPACES = ['error', 'lesson', 'job', 'provider'] as const;

/**
 * String literals in Node-side code (electron/**) that are message keys: `messageKey: '…'`,
 * `reasonKey: '…'`, a job's `context.progress(f, 'job.…')`, a lesson problem's key, and so on —
 * any whole string literal of the form `<namespace>.<name>` in one of NODE_KEY_NAMESPACES.
 */
export async function nodeKeyUses(root: string, dir = 'electron'): Promise<KeyUse[]> {
  const uses: KeyUse[] = [];
  const keyPattern = new RegExp(`^(?:${NODE_KEY_NAMESPACES.join('|')})\\.[A-Za-z][\\w.]*[A-Za-z0-9]$`);
  for (const file of await filesUnder(root, dir, /\.ts$/)) {
    const text = await readFile(join(root, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && keyPattern.test(node.text)) {
        // Module specifiers ('./x.js') never match the pattern; import attributes and types are skipped anyway.
        if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent) && !ts.isLiteralTypeNode(node.parent)) {
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          uses.push({ key: node.text, where: `${relative(root, join(root, file))}:${line}` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}
