package dataset

// SniffDelimiter picks the delimiter of a CSV export from its first bytes: among ',',
// ';', '\t' and '|', the one that gives the first line more than one field and the most
// following lines with that field count (quotes respected); ties go to more fields, then
// to that order. The default is ','. atEOF says b holds the whole file (otherwise its
// last, possibly cut, line is ignored). It is the rule Load and NewCSVReader apply,
// exported for code that sets up an encoding/csv Reader itself (the scorer's reference
// test).
func SniffDelimiter(b []byte, atEOF bool) rune { return sniffDelimiter(b, atEOF) }

// CSVError turns an encoding/csv error into "name:line:col: message; hint", the form
// Load and Reader report, for code that reads with encoding/csv itself.
func CSVError(name string, err error) error { return csvError(name, err) }

// HeaderList quotes the first headers for an error message: "a", "b", … 3 more.
func HeaderList(names []string) string { return headerList(names) }
