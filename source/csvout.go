package source

import (
	"context"
	"encoding/csv"
	"errors"
	"io"

	"github.com/icp-dev/icp/dataset"
)

// WriteCSV writes the rows of rr to w as CSV with a header, one row at a time, values
// as a CSV export would hold them (see dataset.ValueText): numbers in full, booleans as
// true/false, dates as 2024-01-31, lists joined by "; ". It is how `icp score` scores a
// typed source with the CSV scorer.
func WriteCSV(ctx context.Context, rr dataset.RowReader, w io.Writer) error {
	fields := rr.Fields()
	cw := csv.NewWriter(w)
	rec := make([]string, len(fields))
	for i, f := range fields {
		rec[i] = f.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	row := make([]dataset.Value, len(fields))
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range row {
			row[i] = dataset.Value{}
		}
		err := rr.Next(row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		for i, f := range fields {
			rec[i] = dataset.ValueText(f.Type, &row[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
