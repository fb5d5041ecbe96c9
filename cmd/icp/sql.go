package main

import (
	"context"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/profile/sqlgen"
	"github.com/icp-dev/icp/workflow"
)

// sqlOptions are the flags of `icp sql`.
type sqlOptions struct {
	profile string
	dialect string
	table   string
	from    string
	view    string
	out     string
	force   bool
}

func (o *sqlOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "the profile: an icp.yaml, or the directory holding it (required)")
	fs.StringVar(&o.dialect, "dialect", "", "the engine: postgres, duckdb, bigquery, snowflake or spark (Databricks) (required)")
	fs.StringVar(&o.table, "table", "accounts", "the table or view to score; schema.table and project.dataset.table are quoted part by part")
	fs.StringVar(&o.from, "from", "", "instead of --table, a row source written as it is (dbt: \"{{ ref('accounts') }}\"; a subquery in parentheses); no trailing semicolon then")
	fs.StringVar(&o.view, "view", "", "write CREATE OR REPLACE VIEW NAME AS the query, instead of the query alone")
	fs.StringVarP(&o.out, "output", "o", "", "write the SQL to this file instead of stdout")
	fs.BoolVar(&o.force, "force", false, "overwrite an existing --output file")
}

// runSQL writes the profile as SQL for a warehouse.
func runSQL(ctx context.Context, args []string, e env) error {
	var o sqlOptions
	fs := newFlagSet("icp sql --profile DIR/icp.yaml --dialect postgres|duckdb|bigquery|snowflake|spark [--table T | --from SQL] [--view NAME] [-o FILE] [--force]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case o.profile == "":
		return usagef("--profile is required, e.g. --profile icp-out/icp.yaml")
	case o.dialect == "":
		return usagef("--dialect is required: postgres, duckdb, bigquery, snowflake or spark")
	case fs.NArg() != 0:
		return usagef("icp sql takes no file arguments (the table is --table), got %d", fs.NArg())
	case o.table == "":
		return usagef("--table must name a table")
	case o.from != "" && fs.Changed("table"):
		return usagef("use --table or --from, not both")
	case o.from != "" && o.view != "":
		return usagef("--view does not apply with --from: the tool that templates the query makes the view")
	case o.force && o.out == "":
		return usagef("--force only applies with --output")
	}
	d, err := sqlgen.ParseDialect(o.dialect)
	if err != nil {
		return usagef("--dialect: %v", err)
	}
	return workflow.SQL(ctx, workflow.SQLOptions{Profile: o.profile, Dialect: d, Table: o.table, From: o.from, View: o.view,
		Output: o.out, Stdout: e.stdout, Force: o.force})
}
