#!/usr/bin/env node
// Where PostgreSQL's own parser (libpg_query, the server's grammar compiled to WebAssembly) says each
// statement of each corpus file ends, for LexerConformanceTests to compare with SqlLexer.
//
//   node pg-boundaries.mjs <corporaDir> <outFile>
//
// For every *.sql file directly inside each subfolder of corporaDir (both sorted ordinally), writes
//   { "<set>/<file>": [end, end, ...], "<set>/<file>": { "error": "message" }, ... }
// where each end is a UTF-8 byte offset into the file's text (after a leading BOM is removed, as the
// migration loader does): the offset of the statement's terminating ';', or the text's byte length for
// a last statement without one. Lone ';' and trailing comments make no statement for PostgreSQL.
// A file the parser rejects (or that is not valid UTF-8) is recorded with its error; the run goes on.
//
// Example: "select 1;\nselect 'é'" gives [8, 21] (the é is two bytes).
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModule, parseSync } from 'libpg-query';

const [corporaArg, outArg] = process.argv.slice(2);
if (!corporaArg || !outArg) {
  console.error('usage: node pg-boundaries.mjs <corporaDir> <outFile>');
  process.exit(2);
}
const corpora = resolve(corporaArg);
const out = resolve(outArg);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The set/file names to read, sorted as the C# tests sort them (ordinal). */
function corpusFiles(root) {
  const files = [];
  const sets = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(ordinal);
  for (const set of sets) {
    const names = readdirSync(join(root, set))
      .filter((name) => name.endsWith('.sql') && statSync(join(root, set, name)).isFile())
      .sort(ordinal);
    for (const name of names) files.push(`${set}/${name}`);
  }
  return files;
}

/** The file's text as the migration loader sees it: UTF-8, a leading BOM removed. */
function readSql(path) {
  const text = utf8.decode(readFileSync(path));
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** End byte offsets of the statements PostgreSQL finds in text. */
function statementEnds(text) {
  if (text.length === 0) return []; // libpg_query rejects an empty query; PostgreSQL finds no statement
  const byteLength = encoder.encode(text).length;
  const { stmts = [] } = parseSync(text);
  return stmts.map(({ stmt_location: location = 0, stmt_len: length = 0 }) =>
    length > 0 ? location + length : byteLength);
}

function describe(error) {
  const message = error instanceof Error ? error.message : String(error);
  const position = error?.sqlDetails?.cursorPosition;
  return position === undefined || position < 0 ? message : `${message} (cursor position ${position})`;
}

const started = performance.now();
await loadModule();
const files = corpusFiles(corpora);
if (files.length === 0) {
  console.error(`pg-boundaries: no *.sql files in the subfolders of ${corpora}`);
  process.exit(1);
}

const result = {};
let failed = 0;
for (const file of files) {
  try {
    result[file] = statementEnds(readSql(join(corpora, file)));
  } catch (error) {
    failed++;
    result[file] = { error: describe(error) };
    console.error(`pg-boundaries: ${file}: ${describe(error)}`);
  }
}

// One file per line keeps the output readable and its diffs small.
const lines = Object.entries(result).map(([file, value]) => `  ${JSON.stringify(file)}: ${JSON.stringify(value)}`);
writeFileSync(out, `{\n${lines.join(',\n')}\n}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.error(`pg-boundaries: ${files.length} files (${failed} not parsed) in ${seconds} s -> ${out}`);
