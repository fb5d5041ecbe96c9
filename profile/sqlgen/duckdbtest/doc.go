// Package duckdbtest runs the generated SQL on DuckDB. It is a module of its own so
// that the DuckDB driver, which needs cgo and a C++ library, stays out of the main
// module's build: `cd profile/sqlgen/duckdbtest && go test ./...` (CGO_ENABLED=1 and a C
// compiler) runs it; the main module's `go test ./...` does not see it.
package duckdbtest
