// Package dataset loads customer and deal exports (CSV) into typed, column-oriented
// tables: one slice per column, categorical values dictionary-encoded, numbers parsed
// once. It knows nothing of statistics or terminals; it reports what it could not read
// as Problems instead of dropping rows.
package dataset

import "github.com/icp-dev/icp/profile"

// Kind is the inferred type of a column.
type Kind int

const (
	// Categorical columns hold a small set of labels, dictionary-encoded in Codes.
	Categorical Kind = iota
	// Numeric columns hold numbers in Num (NaN when missing).
	Numeric
	// Boolean columns hold 0 or 1 in Num (NaN when missing).
	Boolean
	// Multi columns hold lists ("Salesforce; Slack") as item codes, see Column.ItemCodes.
	Multi
	// Date columns hold days since 1970-01-01 in Num (NaN when missing).
	Date
	// Text columns are identifiers or free text (too many distinct values to be an
	// attribute). Their values are not kept.
	Text
	// Empty columns have no value in any row, or one value in every row.
	Empty
)

// String returns the lower-case name of the kind ("categorical", "numeric", ...).
func (k Kind) String() string {
	switch k {
	case Categorical:
		return "categorical"
	case Numeric:
		return "numeric"
	case Boolean:
		return "boolean"
	case Multi:
		return "multi"
	case Date:
		return "date"
	case Text:
		return "text"
	case Empty:
		return "empty"
	}
	return "unknown"
}

// Missing is the code of a missing categorical value in Column.Codes.
const Missing int32 = -1

// Column is one column of a Table. Which fields are set depends on Kind:
//   - Numeric, Boolean, Date: Num, one value per row, NaN for missing.
//   - Categorical: Codes (one per row, Missing for missing) indexing Levels.
//   - Multi: row i's items are ItemCodes[ItemOffsets[i]:ItemOffsets[i+1]], indexing
//     Levels; a row with no items and MultiMissing[i] true was blank.
//
// Levels hold the folded matching key (trimmed, lower-cased, inner spaces collapsed);
// Display holds, per level, the most common raw spelling seen (for reports).
type Column struct {
	Name  string // header as written in the file
	Index int    // position in the file, 0-based
	Kind  Kind

	Num []float64

	Codes   []int32
	Levels  []string
	Display []string
	Counts  []int // rows per level (Categorical) or per item (Multi)

	ItemOffsets  []int32
	ItemCodes    []int32
	MultiMissing []bool

	// Raw holds a Text column's values (trimmed; "" when missing) when the table was
	// read with Options.KeepText or the column is in Options.KeepTextOf, and a
	// Categorical column's values as written (trimmed, case kept) when it is in
	// KeepTextOf; nil otherwise and for other kinds.
	Raw []string
	// Cells holds every cell as written (trimmed; missing tokens and case kept),
	// whatever the kind, when the column is in Options.KeepCellsOf; nil otherwise.
	Cells []string

	// MissingCount is the number of rows with no value.
	MissingCount int
	// Notes explain decisions about the column, e.g. "12 values could not be read as a
	// number and count as missing (first at line 40: "abc"); ...". One note per topic.
	Notes []string
}

// Table is a loaded file: columns of equal length.
type Table struct {
	// Format is where the table came from: "" for a CSV file, "parquet", "postgres", "duckdb" (set
	// by the readers in package source).
	Format  string
	Path    string // as given by the user
	SHA256  string // hex digest of the file's bytes
	Rows    int    // data rows (header excluded)
	Columns []*Column
	// Line[i] is the 1-based line number in the file where data row i starts.
	Line []int
	// Problems are recoverable issues found while reading (with counts), in file order.
	Problems []string
	// Delimiter is the field separator detected in the file: ',', ';', '\t' or '|'.
	Delimiter rune
	// Encoding is "utf-8", or "windows-1252" when some bytes were not valid UTF-8 and
	// were read as Windows-1252 (see Problems).
	Encoding string
}

// Column returns the column with the given header (exact match first, then matching
// ignoring case, spaces and punctuation), or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	key := HeaderKey(name)
	for _, c := range t.Columns {
		if HeaderKey(c.Name) == key {
			return c
		}
	}
	return nil
}

// HeaderKey folds a header for matching: profile.AttributeKey, lower case, letters and
// digits only. "Annual Revenue", "annual_revenue" and "AnnualRevenue" share the key
// "annualrevenue".
func HeaderKey(h string) string { return profile.AttributeKey(h) }
