// Package report renders derivation results and profiles for people and machines:
// terminal tables (tablewriter), the draft ICP for sign-off (Markdown), lift.csv and
// the JSON object of the command-line contract. Rendering is deterministic: the same
// result gives the same bytes.
package report
