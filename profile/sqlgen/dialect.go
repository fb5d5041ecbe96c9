package sqlgen

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Dialect is a SQL engine the generator writes for.
type Dialect string

// The dialects Generate writes.
const (
	Postgres  Dialect = "postgres"
	DuckDB    Dialect = "duckdb"
	BigQuery  Dialect = "bigquery"
	Snowflake Dialect = "snowflake"
	Spark     Dialect = "spark"
)

// Dialects lists every dialect, in the order the README shows them.
var Dialects = []Dialect{Postgres, DuckDB, BigQuery, Snowflake, Spark}

// ParseDialect reads a dialect name (case-insensitive; "databricks" is Spark).
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "postgres", "postgresql", "pg":
		return Postgres, nil
	case "duckdb":
		return DuckDB, nil
	case "bigquery", "bq":
		return BigQuery, nil
	case "snowflake":
		return Snowflake, nil
	case "spark", "sparksql", "databricks":
		return Spark, nil
	}
	return "", fmt.Errorf("unknown dialect %q; use postgres, duckdb, bigquery, snowflake or spark", s)
}

// textType is the dialect's name for a string type.
func (d Dialect) textType() string {
	switch d {
	case Postgres:
		return "TEXT"
	case BigQuery, Spark:
		return "STRING"
	}
	return "VARCHAR"
}

// doubleType is the dialect's name for a 64-bit float.
func (d Dialect) doubleType() string {
	switch d {
	case Postgres:
		return "DOUBLE PRECISION"
	case BigQuery:
		return "FLOAT64"
	}
	return "DOUBLE"
}

// Str quotes a string literal so that the engine reads exactly s.
//
//   - postgres, duckdb: standard '...' with ” for a quote; a string with a backslash or a
//     control character is written as an escape string E'...' (backslash escapes), which
//     reads the same whatever standard_conforming_strings says.
//   - bigquery, snowflake, spark: backslash is an escape character inside '...' in all
//     three, so backslashes, quotes and invisible characters are escaped with a backslash
//     (Spark would read ” as two adjacent literals, so \' is used everywhere).
func (d Dialect) Str(s string) string {
	var b strings.Builder
	switch d {
	case DuckDB:
		// DuckDB reads backslashes and control characters in '...' as they are.
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case Postgres:
		if !strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || invisible(r) }) {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		b.WriteString("E'")
	default:
		b.WriteString("'")
	}
	for _, r := range s {
		switch {
		case r == '\'':
			if d == Postgres {
				b.WriteString("''")
			} else {
				b.WriteString(`\'`)
			}
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			if d != Spark {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r) // Spark: \uXXXX
			}
		case invisible(r) && r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("'")
	return b.String()
}

// invisible reports whether a character would not show in the SQL text: control
// characters, white space other than ' ', and other non-graphic characters. Str writes
// them as escapes where the dialect has them.
func invisible(r rune) bool {
	return r < 0x20 || r == 0x7f || r > 0x7f && (unicode.IsSpace(r) || !unicode.IsGraphic(r))
}

var plainIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Ident quotes one identifier part. postgres, duckdb and snowflake use "..." with ""
// for a quote; bigquery `...` with \` and \\; spark `...` with a doubled backtick.
//
// Snowflake is special: a quoted identifier is case-sensitive and an unquoted one is
// upper-cased, so a table loaded with plain column names has them in upper case. A
// plain name (letters, digits, _) that is not a reserved word is therefore written
// unquoted for Snowflake, so that employees finds EMPLOYEES; any other name is quoted
// exactly.
func (d Dialect) Ident(s string) string {
	switch d {
	case BigQuery:
		return "`" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(s) + "`"
	case Spark:
		return "`" + strings.ReplaceAll(s, "`", "``") + "`"
	case Snowflake:
		if plainIdent.MatchString(s) && !reserved[strings.ToUpper(s)] {
			return s
		}
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QualifiedName quotes a possibly dotted name (schema.table, project.dataset.table)
// part by part.
func (d Dialect) QualifiedName(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = d.Ident(p)
	}
	return strings.Join(parts, ".")
}

// reserved are SQL reserved words (the union of what the five engines reserve, as far
// as identifiers in a select list go); a name among them is always quoted.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ALL ALTER AND ANY ARRAY AS ASC BETWEEN BOTH BY CASE CAST CHECK COLLATE
		COLUMN CONNECT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
		CURRENT_USER DEFAULT DELETE DESC DISTINCT DROP ELSE END EXCEPT EXISTS FALSE FETCH FOR
		FOLLOWING FROM FULL GRANT GROUP HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTERVAL
		INTO IS JOIN LATERAL LEADING LEFT LIKE LIMIT LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT
		NULL OF OFFSET ON OR ORDER QUALIFY REGEXP RIGHT RLIKE ROW ROWS SAMPLE SELECT SET SOME
		START TABLE TABLESAMPLE THEN TO TRAILING TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING
		VALUES VIEW WHEN WHENEVER WHERE WINDOW WITH`) {
		reserved[w] = true
	}
}

// Regex returns a boolean expression: x contains a match of the pattern (a pattern
// written in the subset that the five regex flavours read alike: literal characters,
// bracket expressions without escapes or classes, ^ $ ( | ) ? * + {m,n}).
func (d Dialect) Regex(x, pattern string) string {
	p := d.Str(pattern)
	switch d {
	case Postgres:
		return fmt.Sprintf("(%s ~ %s)", x, p)
	case DuckDB:
		return fmt.Sprintf("regexp_matches(%s, %s)", x, p)
	case BigQuery:
		return fmt.Sprintf("REGEXP_CONTAINS(%s, %s)", x, p)
	case Snowflake:
		return fmt.Sprintf("(REGEXP_INSTR(%s, %s) > 0)", x, p)
	}
	return fmt.Sprintf("(%s RLIKE %s)", x, p)
}

// Replace returns x with every match of the pattern replaced by the literal repl
// (which must hold no $ or backslash).
func (d Dialect) Replace(x, pattern, repl string) string {
	p, r := d.Str(pattern), d.Str(repl)
	switch d {
	case Postgres, DuckDB:
		return fmt.Sprintf("regexp_replace(%s, %s, %s, 'g')", x, p, r)
	case BigQuery, Snowflake:
		return fmt.Sprintf("REGEXP_REPLACE(%s, %s, %s)", x, p, r)
	}
	return fmt.Sprintf("regexp_replace(%s, %s, %s)", x, p, r)
}

// ToText casts any column to the dialect's string type, a NULL to ”.
func (d Dialect) ToText(x string) string {
	return fmt.Sprintf("COALESCE(CAST(%s AS %s), '')", x, d.textType())
}

// ToDouble casts a string already checked to be a plain decimal number.
func (d Dialect) ToDouble(x string) string {
	switch d {
	case DuckDB:
		return fmt.Sprintf("TRY_CAST(%s AS DOUBLE)", x)
	case BigQuery:
		return fmt.Sprintf("SAFE_CAST(%s AS FLOAT64)", x)
	case Snowflake, Spark:
		// Spark: TRY_CAST, since ANSI mode (the default from Spark 4) makes a failed
		// CAST an error.
		return fmt.Sprintf("TRY_CAST(%s AS DOUBLE)", x)
	}
	return fmt.Sprintf("CAST(%s AS %s)", x, d.doubleType())
}

// Length is the length of a string in characters.
func (d Dialect) Length(x string) string {
	if d == BigQuery || d == Snowflake {
		return "LENGTH(" + x + ")"
	}
	return "char_length(" + x + ")"
}

// Substr is the substring of x from 1-based character position from to the end.
func (d Dialect) Substr(x string, from int) string {
	return fmt.Sprintf("SUBSTR(%s, %d)", x, from)
}

// asciiLower lower-cases ASCII letters only (as the Go side does for missing tokens
// and booleans).
func (d Dialect) asciiLower(x string) string {
	return fmt.Sprintf("TRANSLATE(%s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')", x)
}

// materialized is the CTE modifier that keeps the engine from inlining a stage into the
// next: each stage refers to the helper columns of the one before several times, and
// an engine that substitutes them (PostgreSQL 12+ and DuckDB inline a CTE used once)
// would compute the earlier expressions once per reference, many times per row.
func (d Dialect) materialized() string {
	if d == Postgres || d == DuckDB {
		return "MATERIALIZED "
	}
	return ""
}
