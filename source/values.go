package source

import (
	"fmt"
	"strconv"
	"time"

	"github.com/icp-dev/icp/dataset"
)

// plainNumber reads a number a database driver decoded into one of the Go types both
// drivers give: int16, int32, int64, uint32, float32 or float64. Each driver reads its
// other types first (see pgNumberOf, duckNumber).
func plainNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// plainText writes a value a database driver decoded as text, as a CSV export would:
// strings and bytes as they are, booleans as true or false, times as their UTC day,
// other fmt.Stringers by their String, numbers (as number reads them) by
// dataset.FormatNumber, anything else by fmt.Sprint. Each driver writes its own types
// (UUIDs, decimals) first (see pgText, duckText).
func plainText(v any, number func(any) (float64, bool)) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format("2006-01-02")
	case fmt.Stringer:
		return x.String()
	}
	if f, ok := number(v); ok {
		return dataset.FormatNumber(f)
	}
	return fmt.Sprint(v)
}
