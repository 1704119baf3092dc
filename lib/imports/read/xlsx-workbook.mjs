// What a worksheet's cells need from the rest of its workbook, read from the zip's parts with a SAX parser (saxes)
// before the sheet is streamed: the sheets in workbook order with their part paths (workbook.xml and its
// relationships), whether dates count from 1904, which cell styles show dates (styles.xml) and the shared strings
// (sharedStrings.xml). Each part is parsed as it is inflated; only these results are kept. Plain JavaScript for the
// reader's worker thread (xlsx-read-sheet.mjs).
import { StringDecoder } from 'node:string_decoder';
import { posix } from 'node:path';
import { SaxesParser } from 'saxes';
import { isDateNumFmt, unescapeXstring } from './xlsx-cells.mjs';

/** An element's name without its namespace prefix (some writers prefix SpreadsheetML's: `<x:row>`). */
export const localName = (name) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/**
 * Streams a zip entry's XML through `handlers` (saxes' opentag, closetag, text); `afterChunk(bytes)` is awaited
 * after each inflated chunk with the bytes inflated so far, so a caller can pass on what the chunk yielded.
 */
export async function parseXml(entry, handlers, afterChunk) {
  const parser = new SaxesParser();
  parser.on('opentag', handlers.opentag);
  if (handlers.closetag) parser.on('closetag', handlers.closetag);
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const decoder = new StringDecoder('utf8'); // a character may straddle two chunks
  let bytes = 0;
  for await (const chunk of entry.stream()) {
    parser.write(decoder.write(chunk));
    bytes += chunk.length;
    if (afterChunk) await afterChunk(bytes);
  }
  parser.write(decoder.end()).close();
}

/** A relationships part (`_rels/*.rels`) as Id → { type, part path }, targets resolved against `base`'s folder. */
async function relationships(entries, base) {
  const rels = new Map();
  const entry = entries.get(posix.join(posix.dirname(base), '_rels', `${posix.basename(base)}.rels`));
  if (!entry) return rels;
  await parseXml(entry, {
    opentag(tag) {
      if (localName(tag.name) !== 'Relationship' || tag.attributes.TargetMode === 'External') return;
      const target = tag.attributes.Target ?? '';
      const part = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(base), target));
      rels.set(tag.attributes.Id, { type: tag.attributes.Type ?? '', part });
    },
  });
  return rels;
}

const relOfType = (rels, type) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.part;

/** The workbook's sheets in workbook order ({ name, part }), its date system, and its styles and strings parts. */
export async function readWorkbook(entries) {
  const root = await relationships(entries, '');
  const bookPart = relOfType(root, 'officeDocument') ?? 'xl/workbook.xml';
  const book = entries.get(bookPart);
  if (!book) throw new Error('not an Excel workbook: it has no workbook part');
  const rels = await relationships(entries, bookPart);
  const sheets = [];
  let date1904 = false;
  await parseXml(book, {
    opentag(tag) {
      const name = localName(tag.name);
      if (name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
      else if (name === 'sheet') {
        const id = Object.keys(tag.attributes).find((a) => localName(a) === 'id' && a !== 'id');
        sheets.push({ name: tag.attributes.name ?? `#${sheets.length + 1}`, part: rels.get(tag.attributes[id])?.part });
      }
    },
  });
  return { sheets, date1904, stylesPart: relOfType(rels, 'styles'), sharedStringsPart: relOfType(rels, 'sharedStrings') };
}

/** Which cell styles (index into styles.xml's `<cellXfs>`, a cell's `s`) show dates. */
export async function readDateStyles(entry) {
  const dateStyles = [];
  if (!entry) return dateStyles;
  const customCodes = new Map();
  const numFmtIds = [];
  let inCellXfs = false;
  await parseXml(entry, {
    opentag(tag) {
      const name = localName(tag.name);
      if (name === 'numFmt') customCodes.set(parseInt(tag.attributes.numFmtId, 10), (tag.attributes.formatCode ?? '').replace(/[\\](.)/g, '$1'));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) numFmtIds.push(parseInt(tag.attributes.numFmtId ?? '0', 10));
    },
    closetag(tag) {
      if (localName(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  // Style 0 is never a date: exceljs skips a cell's style when its index is 0.
  for (let s = 1; s < numFmtIds.length; s++) dateStyles[s] = isDateNumFmt(numFmtIds[s], customCodes);
  return dateStyles;
}

/** The shared strings table: each `<si>`'s text, rich-text runs joined, phonetic runs (`<rPh>`) left out. */
export async function readSharedStrings(entry) {
  const strings = [];
  if (!entry) return strings;
  let text = '';
  let run = null; // the open <t>'s text
  let phonetic = 0;
  await parseXml(entry, {
    opentag(tag) {
      const name = localName(tag.name);
      if (name === 'si') text = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) run = '';
    },
    text(t) {
      if (run !== null) run += t;
    },
    closetag(tag) {
      const name = localName(tag.name);
      if (name === 't' && run !== null) {
        text += unescapeXstring(run);
        run = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 'si') strings.push(text);
    },
  });
  return strings;
}
