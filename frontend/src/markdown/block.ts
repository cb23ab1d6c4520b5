/** Block Markdown (CommonMark's common subset plus GFM tables and task lists). */
import { parseInline, type Inline } from './inline';

export type Align = 'left' | 'center' | 'right' | null;
export type ListItem = { task: boolean | null; children: Block[] };
export type Block =
  | { t: 'heading'; level: number; children: Inline[] }
  | { t: 'paragraph'; children: Inline[] }
  | { t: 'code'; lang: string; text: string }
  | { t: 'quote'; children: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { t: 'hr' }
  | { t: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { t: 'html'; text: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TABLE_RULE = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const HTML_BLOCK = /^ {0,3}<(\/?[a-zA-Z][a-zA-Z0-9-]*|!--)/;

const MAX_DEPTH = 20;

function blank(line: string): boolean {
  return line.trim() === '';
}

function interrupts(line: string): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    HR.test(line) ||
    QUOTE.test(line) ||
    /^ {0,3}([-*+]|1[.)])[ \t]+\S/.test(line)
  );
}

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i += 1) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '|';
      i += 1;
    } else if (row[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  cells.push(cell.trim());
  return cells;
}

function alignment(cell: string): Align {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
}

export function parseBlocks(src: string, depth = 0): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`).test(lines[i])) {
        body.push(lines[i].replace(new RegExp(`^ {0,${indent}}`), ''));
        i += 1;
      }
      i += 1;
      blocks.push({ t: 'code', lang: fence[2].toLowerCase(), text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'heading', level: heading[1].length, children: parseInline(heading[2] ?? '') });
      i += 1;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ t: 'hr' });
      i += 1;
      continue;
    }
    if (/^ {4}/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (/^ {4}/.test(lines[i]) || blank(lines[i]))) {
        body.push(lines[i].slice(4));
        i += 1;
      }
      while (body.length && blank(body[body.length - 1])) body.pop();
      blocks.push({ t: 'code', lang: '', text: body.join('\n') });
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && !blank(lines[i]) && (QUOTE.test(lines[i]) || !interrupts(lines[i]))) {
        body.push(lines[i].replace(QUOTE, ''));
        i += 1;
      }
      blocks.push({ t: 'quote', children: depth < MAX_DEPTH ? parseBlocks(body.join('\n'), depth + 1) : [] });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const [list, next] = parseList(lines, i, depth);
      blocks.push(list);
      i = next;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1]).map(alignment);
      if (align.length === head.length) {
        i += 2;
        const rows: Inline[][][] = [];
        while (i < lines.length && !blank(lines[i]) && lines[i].includes('|')) {
          const cells = splitRow(lines[i]);
          rows.push(head.map((_, k) => parseInline(cells[k] ?? '')));
          i += 1;
        }
        blocks.push({ t: 'table', align, head: head.map((cell) => parseInline(cell)), rows });
        continue;
      }
    }
    if (HTML_BLOCK.test(line)) {
      // Shown as the literal text it is: raw HTML is never interpreted.
      const body: string[] = [];
      while (i < lines.length && !blank(lines[i])) {
        body.push(lines[i]);
        i += 1;
      }
      blocks.push({ t: 'html', text: body.join('\n') });
      continue;
    }
    const para: string[] = [line.trim()];
    i += 1;
    while (i < lines.length && !blank(lines[i]) && !interrupts(lines[i])) {
      if (/^ {0,3}(=+|-+)\s*$/.test(lines[i])) {
        blocks.push({
          t: 'heading',
          level: lines[i].trim()[0] === '=' ? 1 : 2,
          children: parseInline(para.join('\n')),
        });
        para.length = 0;
        i += 1;
        break;
      }
      para.push(lines[i].trim());
      i += 1;
    }
    if (para.length) blocks.push({ t: 'paragraph', children: parseInline(para.join('\n')) });
  }
  return blocks;
}

function parseList(lines: string[], from: number, depth: number): [Block, number] {
  const first = ITEM.exec(lines[from])!;
  const ordered = /\d/.test(first[2]);
  const bullet = first[2].slice(-1);
  const items: ListItem[] = [];
  let i = from;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]);
    if (!m || /\d/.test(m[2]) !== ordered || m[2].slice(-1) !== bullet) break;
    const width = m[0].length === m[1].length + m[2].length ? m[0].length + 1 : m[0].length;
    const body: string[] = [lines[i].slice(m[0].length)];
    i += 1;
    while (i < lines.length) {
      const l = lines[i];
      if (blank(l)) {
        // A blank line continues the item only if indented content follows.
        if (i + 1 < lines.length && lines[i + 1].startsWith(' '.repeat(width))) {
          body.push('');
          i += 1;
          continue;
        }
        break;
      }
      if (l.startsWith(' '.repeat(width))) body.push(l.slice(width));
      else if (!ITEM.exec(l) && !interrupts(l) && !blank(body[body.length - 1])) body.push(l.trim());
      else break;
      i += 1;
    }
    let text = body.join('\n');
    let task: boolean | null = null;
    const box = /^\[([ xX])\][ \t]+/.exec(text);
    if (box) {
      task = box[1] !== ' ';
      text = text.slice(box[0].length);
    }
    const children = depth < MAX_DEPTH ? parseBlocks(text, depth + 1) : [];
    items.push({ task, children });
    while (i < lines.length && blank(lines[i]) && i + 1 < lines.length && ITEM.test(lines[i + 1])) i += 1;
  }
  const start = ordered ? Number.parseInt(first[2], 10) : 1;
  return [{ t: 'list', ordered, start, items }, i];
}
