// Package testenv decides which of the project's optional tests run. It is imported by
// tests only.
//
// The many-seed rate tests (functions named Test…Rates: how often planted effects are
// recovered, or found on data without any, over 20 seeds) take several seconds each
// and print rates rather than check one case, so `go test ./...` skips them. CI runs
// them on their own (.ci/run):
//
//	ICP_RATES=1 go test ./analysis ./internal/synth -run 'Rates$' -v -count=1
package testenv

import (
	"os"
	"testing"
)

// RatesVar is the environment variable that turns the many-seed rate tests on when
// set to 1.
const RatesVar = "ICP_RATES"

// NeedRates skips the calling test unless ICP_RATES=1 is set.
func NeedRates(t testing.TB) {
	t.Helper()
	if os.Getenv(RatesVar) != "1" {
		t.Skipf("many-seed rate test: set %s=1 to run it (CI does, see .ci/run)", RatesVar)
	}
}
