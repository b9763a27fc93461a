// duckdb_count.mjs: the columnar reference for bench/import/run: DuckDB's read_json over the same
// JSON lines files (every field parsed, the files' columns united by name), counting records.
// Prints the count and DuckDB's own seconds.
//   node duckdb_count.mjs FILE...   (with @duckdb/node-api resolvable from NODE_PATH or the cwd)
import { DuckDBInstance } from '@duckdb/node-api';

const files = process.argv.slice(2).map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const sql = `SELECT count(*) AS records FROM read_json([${files}], format = 'newline_delimited',
  union_by_name = true, maximum_object_size = 67108864)`;
const reader = await conn.runAndReadAll(sql);
const rows = reader.getRows();
const secs = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ records: Number(rows[0][0]), seconds: secs }));
