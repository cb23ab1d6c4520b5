/**
 * A small syntax highlighter: per-language rules of sticky regular
 * expressions producing (class, text) tokens, split into lines. Output is data,
 * rendered as text nodes in spans; nothing is ever parsed as HTML.
 */

export type Token = { c: string | null; t: string };
type Rule = [cls: string | null, re: RegExp];
type Language = { rules: Rule[]; keywords: Set<string>; literals: Set<string> };

const words = (s: string) => new Set(s.split(' '));
const y = (source: string, flags = '') => new RegExp(source, `y${flags}`);

const NUMBER: Rule = [
  'num',
  y(String.raw`\b(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)[a-zA-Z]*\b`),
];
const IDENT: Rule = [null, y(String.raw`[A-Za-z_$][\w$]*`)];
const DQ: Rule = ['str', y(String.raw`"(?:[^"\\\n]|\\.)*"?`)];
const SQ: Rule = ['str', y(String.raw`'(?:[^'\\\n]|\\.)*'?`)];
const BT: Rule = ['str', y(String.raw`\`(?:[^\`\\]|\\[\s\S])*\`?`)];
const SLASH_COMMENT: Rule = ['com', y(String.raw`\/\/.*`)];
const BLOCK_COMMENT: Rule = ['com', y(String.raw`\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))`)];
const HASH_COMMENT: Rule = ['com', y(String.raw`#.*`)];

const C_LIKE =
  'if else for while do switch case default break continue return goto struct union enum typedef sizeof static const volatile extern inline void char short int long float double signed unsigned auto register';
const LITERALS = words('true false null nil None True False undefined NaN Infinity this self super');

function lang(keywords: string, rules: Rule[]): Language {
  return { rules, keywords: words(keywords), literals: LITERALS };
}

const JS_KEYWORDS =
  'async await break case catch class const continue debugger default delete do else export extends finally for from function if import in instanceof let new of return static switch throw try typeof var void while with yield as interface type enum implements private protected public readonly declare namespace abstract keyof satisfies';

const LANGUAGES: Record<string, Language> = {
  python: lang(
    'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case print',
    [
      HASH_COMMENT,
      ['str', y(String.raw`[rRbBuUfF]{0,2}(?:"""[\s\S]*?(?:"""|$(?![\s\S]))|'''[\s\S]*?(?:'''|$(?![\s\S])))`)],
      ['str', y(String.raw`[rRbBuUfF]{1,2}(?="|')`)],
      DQ,
      SQ,
      ['meta', y(String.raw`@[\w.]+`)],
      NUMBER,
      IDENT,
    ],
  ),
  javascript: lang(JS_KEYWORDS, [SLASH_COMMENT, BLOCK_COMMENT, DQ, SQ, BT, NUMBER, IDENT]),
  go: lang(
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var',
    [SLASH_COMMENT, BLOCK_COMMENT, DQ, ['str', y("'(?:[^'\\\\\\n]|\\\\.)*'")], BT, NUMBER, IDENT],
  ),
  rust: lang(
    'as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return static struct trait type unsafe use where while Self',
    [
      SLASH_COMMENT,
      BLOCK_COMMENT,
      DQ,
      ['meta', y(String.raw`#!?\[[^\]\n]*\]`)],
      ['str', y(String.raw`'(?:[^'\\\n]|\\.){1,8}'`)],
      NUMBER,
      IDENT,
    ],
  ),
  c: lang(
    `${C_LIKE} class namespace template typename public private protected virtual override new delete using try catch throw bool`,
    [SLASH_COMMENT, BLOCK_COMMENT, ['meta', y(String.raw`#\s*\w+`)], DQ, SQ, NUMBER, IDENT],
  ),
  java: lang(
    'abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for if implements import instanceof int interface long native new package private protected public return short static super switch synchronized throw throws transient try void volatile while var val fun when object override data sealed internal lateinit namespace using',
    [SLASH_COMMENT, BLOCK_COMMENT, ['meta', y(String.raw`@\w+`)], DQ, SQ, NUMBER, IDENT],
  ),
  ruby: lang(
    'alias and begin break case class def defined do else elsif end ensure for if in module next not or redo rescue retry return then undef unless until when while yield require',
    [HASH_COMMENT, DQ, SQ, ['sym', y(String.raw`:[A-Za-z_]\w*`)], NUMBER, IDENT],
  ),
  shell: lang(
    'if then else elif fi case esac for while until do done in function return local export readonly set unset shift exit echo cd source',
    [HASH_COMMENT, DQ, SQ, ['var', y(String.raw`\$\{[^}\n]*\}|\$[\w@#?*!-]`)], NUMBER, IDENT],
  ),
  json: lang('', [['key', y(String.raw`"(?:[^"\\\n]|\\.)*"(?=\s*:)`)], DQ, NUMBER, IDENT]),
  yaml: lang('', [HASH_COMMENT, ['key', y(String.raw`[\w./-]+(?=\s*:(?:\s|$))`, 'm')], DQ, SQ, NUMBER, IDENT]),
  toml: lang('', [
    HASH_COMMENT,
    ['meta', y(String.raw`^\s*\[[^\]\n]*\]`, 'm')],
    ['key', y(String.raw`[\w.-]+(?=\s*=)`)],
    ['str', y(String.raw`"""[\s\S]*?(?:"""|$(?![\s\S]))`)],
    DQ,
    SQ,
    NUMBER,
    IDENT,
  ]),
  css: lang('', [
    BLOCK_COMMENT,
    DQ,
    SQ,
    ['key', y(String.raw`[\w-]+(?=\s*:[^;{}]*[;}])`)],
    ['meta', y(String.raw`@[\w-]+`)],
    ['num', y(String.raw`#[0-9a-fA-F]{3,8}\b|-?\d*\.?\d+(?:px|em|rem|%|vh|vw|s|ms|deg)?`)],
  ]),
  markup: lang('', [
    ['com', y(String.raw`<!--[\s\S]*?(?:-->|$(?![\s\S]))`)],
    ['tag', y(String.raw`<\/?[\w:.-]+|\/?>`)],
    ['key', y(String.raw`[\w:.-]+(?==)`)],
    DQ,
    SQ,
  ]),
  sql: lang(
    'select from where and or not insert into values update set delete create table index view drop alter add primary key foreign references join left right inner outer on group by order having limit offset as distinct union all null is in like between case when then else end begin commit rollback',
    [['com', y(String.raw`--.*`)], BLOCK_COMMENT, SQ, DQ, NUMBER, IDENT],
  ),
  makefile: lang('ifeq ifneq ifdef ifndef else endif include define endef export', [
    HASH_COMMENT,
    ['var', y(String.raw`\$\([^)\n]*\)|\$[@<^*?]`)],
    ['key', y(String.raw`^[\w./-]+(?=\s*:)`, 'm')],
    DQ,
    SQ,
    IDENT,
  ]),
};
LANGUAGES.typescript = LANGUAGES.javascript;

const BY_NAME: Record<string, string> = {
  py: 'python',
  pyi: 'python',
  python: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  javascript: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  typescript: 'typescript',
  go: 'go',
  rs: 'rust',
  rust: 'rust',
  c: 'c',
  h: 'c',
  cc: 'c',
  cpp: 'c',
  cxx: 'c',
  hpp: 'c',
  hh: 'c',
  'c++': 'c',
  m: 'c',
  java: 'java',
  kt: 'java',
  kts: 'java',
  scala: 'java',
  cs: 'java',
  swift: 'java',
  dart: 'java',
  rb: 'ruby',
  ruby: 'ruby',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  shell: 'shell',
  console: 'shell',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ini: 'toml',
  cfg: 'toml',
  conf: 'toml',
  css: 'css',
  scss: 'css',
  less: 'css',
  html: 'markup',
  htm: 'markup',
  xml: 'markup',
  svg: 'markup',
  vue: 'markup',
  svelte: 'markup',
  sql: 'sql',
  mk: 'makefile',
  make: 'makefile',
  makefile: 'makefile',
};

/** The language for a fence's info string or a file name (by extension or well-known name). */
export function languageOf(nameOrLang: string): string | null {
  const lower = nameOrLang.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  if (base === 'makefile' || base === 'gnumakefile') return 'makefile';
  if (base === 'dockerfile' || base.endsWith('.dockerfile')) return 'shell';
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : base;
  return BY_NAME[ext] ?? null;
}

/** Past this size a file is shown plain: highlighting it would stall the tab. */
export const MAX_HIGHLIGHT = 512 * 1024;

/** Tokens of `text` in `language` (plain text when unknown), split into lines. */
export function highlight(text: string, language: string | null): Token[][] {
  const def = language ? LANGUAGES[language] : undefined;
  const tokens: Token[] = [];
  if (!def || text.length > MAX_HIGHLIGHT) {
    tokens.push({ c: null, t: text });
  } else {
    let plain = '';
    let i = 0;
    outer: while (i < text.length) {
      for (const [cls, re] of def.rules) {
        re.lastIndex = i;
        const m = re.exec(text);
        if (m && m[0].length > 0) {
          let c = cls;
          if (cls === null) c = def.keywords.has(m[0]) ? 'kw' : def.literals.has(m[0]) ? 'lit' : null;
          if (c === null) plain += m[0];
          else {
            if (plain) tokens.push({ c: null, t: plain });
            plain = '';
            tokens.push({ c, t: m[0] });
          }
          i += m[0].length;
          continue outer;
        }
      }
      plain += text[i];
      i += 1;
    }
    if (plain) tokens.push({ c: null, t: plain });
  }
  const lines: Token[][] = [[]];
  for (const token of tokens) {
    const parts = token.t.split('\n');
    parts.forEach((part, k) => {
      if (k > 0) lines.push([]);
      if (part) lines[lines.length - 1].push({ c: token.c, t: part });
    });
  }
  if (text.endsWith('\n') && lines.length > 1 && lines[lines.length - 1].length === 0) lines.pop();
  return lines;
}
