package profile

// Fixtures for the external tests (fuzz_test.go).
var (
	Sample   = sample
	SampleV1 = sampleV1
)
