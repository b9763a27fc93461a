// duckdb_agg.mjs: the peer for bench/import/run: DuckDB's read_json over the same JSON lines file,
// grouping per author: tweets, likes and retweets. Prints the number of authors and the seconds.
//   node duckdb_agg.mjs FILE   (with @duckdb/node-api resolvable from NODE_PATH or the cwd)
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const sql = `SELECT author_id, count(*) AS tweets, sum(public_metrics.like_count) AS likes,
  sum(public_metrics.retweet_count) AS retweets
  FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited',
    columns = {author_id: 'VARCHAR', public_metrics: 'STRUCT(like_count BIGINT, retweet_count BIGINT)'})
  GROUP BY author_id`;
const reader = await conn.runAndReadAll(sql);
const rows = reader.getRows();
const secs = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ authors: rows.length, seconds: secs }));
