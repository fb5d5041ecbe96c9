// Package workflow holds the use cases of icp — derive, score, report (win rate and
// retention by fit tier), compare, diff and inspect — as functions that take an options
// struct and return a result that package report renders.
//
// It sits between the command line and the libraries: it reads each input once (through
// Env.Open), calls dataset, crm and analysis, decides what goes into each output, renders
// the output files with report and writes them as one set (Output). It never prints:
// progress goes to Env.Progress as stage names and row counts, and the caller decides
// whether and how to show them. Every use case takes a context.Context and stops between
// stages, and inside its own long loops, once the context is done.
package workflow
