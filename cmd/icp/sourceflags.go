package main

import (
	"os"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/source"
)

// sourceFlags are the flags every command that reads an input shares: where a
// database input comes from. Inputs named table:NAME or query:SQL (anywhere a file is
// accepted, e.g. --deals table:deals) are read from --dsn; a .parquet file is read as
// Parquet.
type sourceFlags struct {
	dsn   string
	table string
	query string
}

func (s *sourceFlags) addFlags(fs *pflag.FlagSet, what string) {
	fs.StringVar(&s.dsn, "dsn", "", "database to read from: PostgreSQL, postgres://USER@HOST:PORT/DB, or a DuckDB file, duckdb:PATH (in a build with -tags duckdb) (default: $ICP_DSN; a password may also come from PGPASSWORD or ~/.pgpass and is never shown)")
	fs.StringVar(&s.table, "table", "", "read "+what+" from this table or view of --dsn (schema.table allowed); other inputs may be named table:NAME")
	fs.StringVar(&s.query, "query", "", "read "+what+" from the rows of this SELECT on --dsn; other inputs may be named query:SQL")
}

// DSN is --dsn, or $ICP_DSN when the flag is not given.
func (s *sourceFlags) DSN() string {
	if s.dsn != "" {
		return s.dsn
	}
	return os.Getenv("ICP_DSN")
}

// main returns the input named by --table or --query ("" for neither), checking that
// at most one is given and that a database is.
func (s *sourceFlags) main() (string, error) {
	switch {
	case s.table != "" && s.query != "":
		return "", usagef("give --table or --query, not both")
	case s.table == "" && s.query == "":
		return "", nil
	case s.DSN() == "":
		return "", usagef("--table and --query read from a database: give --dsn postgres://USER@HOST:PORT/DB or --dsn duckdb:PATH (or set ICP_DSN)")
	case s.table != "":
		return source.TableName(s.table), nil
	}
	return source.QueryName(s.query), nil
}
