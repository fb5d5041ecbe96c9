#!/usr/bin/env bash
# parse-sql.sh DIALECT FILE...: parse generated SQL with an independent SQL parser from
# the npm registry, for the dialects the tests have no engine for:
#   bigquery   sql-parser-cst (its BigQuery dialect)
#   snowflake  node-sql-parser (its Snowflake dialect)
# The parsers are installed (pinned versions) into a cache directory on first use:
# ${ICP_SQL_PARSERS:-${XDG_CACHE_HOME:-$HOME/.cache}/icp-sql-parsers}. No parser on npm
# reads Spark SQL's grammar from Node 20 (dt-sql-parser 4.x fails to load), so Spark is
# checked only by the lexical-rule tests (go test ./profile/sqlgen -run Syntax).
set -euo pipefail
if [ $# -lt 2 ]; then
	echo "usage: $0 bigquery|snowflake FILE..." >&2
	exit 2
fi
dialect=$1
shift
dir=${ICP_SQL_PARSERS:-${XDG_CACHE_HOME:-$HOME/.cache}/icp-sql-parsers}
if [ ! -d "$dir/node_modules/sql-parser-cst" ] || [ ! -d "$dir/node_modules/node-sql-parser" ]; then
	mkdir -p "$dir"
	(cd "$dir" && [ -f package.json ] || (cd "$dir" && npm init -y >/dev/null))
	(cd "$dir" && npm install --silent --no-audit --no-fund sql-parser-cst@0.42.1 node-sql-parser@5.4.0 >/dev/null)
fi
cat >"$dir/parse.cjs" <<'JS'
const fs = require('fs');
const [dialect, ...files] = process.argv.slice(2);
let bad = 0;
for (const file of files) {
  const sql = fs.readFileSync(file, 'utf8');
  try {
    if (dialect === 'bigquery') {
      require('sql-parser-cst').parse(sql, { dialect: 'bigquery' });
    } else if (dialect === 'snowflake') {
      const { Parser } = require('node-sql-parser');
      new Parser().astify(sql, { database: 'snowflake' });
    } else {
      throw new Error('no parser for dialect ' + dialect);
    }
    console.log(`${dialect}: ${file}: parses`);
  } catch (e) {
    bad++;
    console.log(`${dialect}: ${file}: ${String(e.message).slice(0, 800)}`);
  }
}
process.exit(bad ? 1 : 0);
JS
node "$dir/parse.cjs" "$dialect" "$@"
