#!/usr/bin/env node
// What pdf.js (Firefox, most web PDF viewers) reads from a PDF, as JSON, for the tests.
//
//   node tests/js/pdftext.mjs [--items] [--struct] [--marked] FILE.pdf [FILE.pdf ...]
//
// Prints one JSON object per file, one per line (JSON Lines):
//   {"file": "a.pdf", "pages": [{"number": 1, "text": "...", "items": [...], "structTree": {...}}]}
// "text" is the page's getTextContent() items joined in stream order, a newline after each item
// pdf.js marks as ending a line (hasEOL) -- what a viewer's select-all + copy gives.
// --items adds each text item: {"str", "dir", "x", "y", "width", "height", "fontName", "hasEOL"}
// (x, y: the item's origin in PDF points).  --struct adds page.getStructTree() (null for an
// untagged page).  --marked adds the page's text by marked content, in stream order:
// [{"id": "p4R_mc3" or null, "tag": "P" or "Artifact" or null, "text": "..."}] -- "id" is the
// marked content's MCID as the structure tree's content nodes name it, "tag" its outermost
// marked-content tag (null: text outside any marked content).
// Exit status 1 with a message on stderr when a file cannot be read.
//
// pdfjs-dist is installed in tests/js/node_modules by `npm ci` (pinned in package-lock.json).

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

// pdf.js 5 and later call Promise.withResolvers, which node only has from version 22.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

// The 14 standard fonts' data (reportlab's documents name Helvetica): pdf.js warns without it.
const STANDARD_FONTS = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
  "standard_fonts") + path.sep;

const USAGE = "usage: node tests/js/pdftext.mjs [--items] [--struct] [--marked] FILE.pdf [FILE.pdf ...]";

function parseArgs(argv) {
  const options = { items: false, struct: false, marked: false, files: [] };
  for (const arg of argv) {
    if (arg === "--items") options.items = true;
    else if (arg === "--struct") options.struct = true;
    else if (arg === "--marked") options.marked = true;
    else if (arg === "-h" || arg === "--help") { console.log(USAGE); process.exit(0); }
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else options.files.push(arg);
  }
  if (options.files.length === 0) throw new Error(USAGE);
  return options;
}

// The text of each outermost marked-content sequence (and of text outside any), in stream order.
function markedText(items) {
  const runs = [];
  const stack = [];
  let current = null;
  for (const item of items) {
    if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
      stack.push(item);
      if (stack.length === 1) {
        current = { id: item.id ?? null, tag: item.tag ?? null, text: "" };
        runs.push(current);
      }
    } else if (item.type === "endMarkedContent") {
      stack.pop();
      if (stack.length === 0) current = null;
    } else if ("str" in item) {
      if (current === null) {
        current = { id: null, tag: null, text: "" };
        runs.push(current);
      }
      current.text += item.str + (item.hasEOL ? "\n" : "");
      if (stack.length === 0) current = null;
    }
  }
  return runs;
}

async function readPdf(pdfjs, file, options) {
  const data = new Uint8Array(await readFile(file));
  const task = pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false, standardFontDataUrl: STANDARD_FONTS });
  const doc = await task.promise;
  const pages = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const textItems = content.items.filter((item) => "str" in item);  // not marked-content tags
      const out = {
        number: n,
        text: textItems.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""),
      };
      if (options.items) {
        out.items = textItems.map((item) => ({
          str: item.str, dir: item.dir, x: item.transform[4], y: item.transform[5],
          width: item.width, height: item.height, fontName: item.fontName, hasEOL: item.hasEOL,
        }));
      }
      if (options.struct) out.structTree = await page.getStructTree();
      if (options.marked) out.marked = markedText((await page.getTextContent({ includeMarkedContent: true })).items);
      pages.push(out);
      page.cleanup();
    }
  } finally {
    await task.destroy();
  }
  return { file, pages };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  for (const file of options.files) {
    try {
      process.stdout.write(JSON.stringify(await readPdf(pdfjs, file, options)) + "\n");
    } catch (err) {
      console.error(`${file}: pdf.js cannot read it: ${err.message}`);
      process.exit(1);
    }
  }
}

main();
