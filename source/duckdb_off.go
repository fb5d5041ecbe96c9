//go:build !duckdb

package source

import (
	"context"
	"fmt"

	"github.com/icp-dev/icp/dataset"
)

// DuckDBBuilt says whether this binary reads DuckDB databases (built with -tags duckdb).
const DuckDBBuilt = false

// openDuckDB is the stand-in of a build without DuckDB: its driver needs cgo and a C
// compiler, which the default build does without (see duckdb.go).
func openDuckDB(_ context.Context, dsn, _, disp string, _ *Sample) (dataset.RowReader, *Sampled, func(), error) {
	return nil, nil, nil, fmt.Errorf("%s: this icp was built without DuckDB; build it with `go build -tags duckdb ./cmd/icp` "+
		"(needs cgo and a C compiler), or export the table to Parquet (in DuckDB: COPY customers TO 'customers.parquet') and read that file", disp)
}
